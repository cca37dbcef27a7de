package io.realtimeminer.kafka;

import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class LatestPerKeyWriterTest {

    /** A producer whose first send blocks until released, as a real one does when its buffer is full or the broker is away. */
    private static final class StalledProducer extends MockProducer<String, String> {
        private final CountDownLatch entered = new CountDownLatch(1);
        private final CountDownLatch release = new CountDownLatch(1);

        StalledProducer() {
            super(true, null, new StringSerializer(), new StringSerializer());
        }

        @Override
        public synchronized Future<RecordMetadata> send(ProducerRecord<String, String> record, Callback callback) {
            if (entered.getCount() > 0) {
                entered.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return super.send(record, callback);
        }
    }

    @Test
    void writesOfAKeyWhileTheProducerIsBusyAreSentOnceWithTheLatestValue() throws InterruptedException {
        StalledProducer producer = new StalledProducer();
        try (LatestPerKeyWriter<String> writer = new LatestPerKeyWriter<>(producer, "t", k -> "value of " + k, "test-writer")) {
            writer.write("a", null, "a1");
            assertThat(producer.entered.await(10, TimeUnit.SECONDS)).isTrue();
            for (int i = 2; i <= 50; i++) {
                writer.write("a", null, "a" + i);
                writer.write("b", 3, "b" + i);
            }
            writer.write("b", 3, null);
            assertThat(writer.flush(Duration.ofMillis(50))).as("not stored while the producer is stalled").isFalse();
            producer.release.countDown();

            assertThat(writer.flush(Duration.ofSeconds(10))).isTrue();
            List<ProducerRecord<String, String>> sent = producer.history();
            assertThat(sent).extracting(ProducerRecord::key).containsExactly("a", "a", "b");
            assertThat(sent).extracting(ProducerRecord::value).containsExactly("a1", "a50", null);
            assertThat(sent.get(2).partition()).isEqualTo(3);
            assertThat(writer.asked()).isEqualTo(100);
            assertThat(writer.sent()).isEqualTo(3);
        }
    }

    @Test
    void aFailedWriteIsTriedAgainUntilItIsStored() throws InterruptedException {
        MockProducer<String, String> producer = new MockProducer<>(false, null, new StringSerializer(), new StringSerializer());
        try (LatestPerKeyWriter<String> writer = new LatestPerKeyWriter<>(producer, "t", k -> "value of " + k, "test-writer")) {
            writer.write("a", null, "a1");
            waitForSends(producer, 1);
            assertThat(producer.errorNext(new TimeoutException("broker away"))).isTrue();
            // Tried again after the writer's pause, and then stored.
            waitForSends(producer, 2);
            assertThat(producer.completeNext()).isTrue();
            assertThat(writer.flush(Duration.ofSeconds(10))).isTrue();
            assertThat(producer.history()).extracting(ProducerRecord::value).containsExactly("a1", "a1");
        }
    }

    private static void waitForSends(MockProducer<String, String> producer, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (producer.history().size() < count && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(producer.history()).hasSizeGreaterThanOrEqualTo(count);
    }
}
