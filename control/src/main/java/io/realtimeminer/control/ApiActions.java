package io.realtimeminer.control;

import io.realtimeminer.control.deadletters.DeadLetters;

/**
 * What the API can do to the pipeline, each by writing to a topic: change templates, ask an owner
 * to poll now, replay dead letters.
 *
 * @param instanceId the instance taking the requests: with the login, who asked for a fetch or a replay
 */
public record ApiActions(String instanceId, TemplateCommands templates, FetchCommands fetches, DeadLetters deadLetters,
                         SubscriptionPlanner imports) {

    /** Without subscription imports. */
    public ApiActions(String instanceId, TemplateCommands templates, FetchCommands fetches, DeadLetters deadLetters) {
        this(instanceId, templates, fetches, deadLetters, SubscriptionPlanner.NONE);
    }
}
