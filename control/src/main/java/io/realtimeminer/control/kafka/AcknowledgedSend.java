package io.realtimeminer.control.kafka;

import io.realtimeminer.kafka.RegistryErrors;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Sends a record for an API request and waits until Kafka stored it: a change is answered only once it is durable. */
public final class AcknowledgedSend {

    private AcknowledgedSend() {
    }

    /**
     * @param what names the change in the error ("the change of 's1'")
     * @return where it was stored
     * @throws KafkaUnavailableException when Kafka did not store it within {@code timeout}
     */
    public static <K, V> RecordMetadata send(Producer<K, V> producer, ProducerRecord<K, V> record, Duration timeout, String what) {
        try {
            return producer.send(record).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new KafkaUnavailableException("Kafka did not store " + what + ": " + e.getCause().getMessage());
        } catch (TimeoutException e) {
            throw new KafkaUnavailableException("Kafka did not store " + what + " within " + timeout.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaUnavailableException("interrupted while storing " + what);
        } catch (RuntimeException e) {
            // Serialization: the schema registry did not answer.
            throw new KafkaUnavailableException("could not send " + what + ": " + RegistryErrors.describe(e));
        }
    }
}
