package io.realtimeminer.control.deadletters;

/**
 * A stage of the pipeline that parks the records it cannot process on a dead-letter topic.
 *
 * @param name          the name in the API's routes, e.g. {@code templates}
 * @param topic         its dead-letter topic
 * @param origin        the topic its letters came from when they do not say (null: they always say)
 * @param whatIsParked  what the stage parks there and why, for the API's list of stages
 */
public record DeadLetterStage(String name, String topic, String origin, String whatIsParked) {
}
