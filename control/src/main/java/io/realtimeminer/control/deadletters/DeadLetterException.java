package io.realtimeminer.control.deadletters;

/** Kafka did not answer a dead-letter read or replay in time (the API answers 503 with the message). */
public final class DeadLetterException extends RuntimeException {

    public DeadLetterException(String message) {
        super(message);
    }
}
