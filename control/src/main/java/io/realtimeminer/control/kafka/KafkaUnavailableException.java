package io.realtimeminer.control.kafka;

/** Kafka (or the schema registry) did not store or answer in time: the API answers 503 with the message. */
public final class KafkaUnavailableException extends RuntimeException {

    public KafkaUnavailableException(String message) {
        super(message);
    }
}
