package io.realtimeminer.fetcher.template;

import io.realtimeminer.fetcher.emit.ItemSink;
import io.realtimeminer.fetcher.extract.FeedExtractor;
import io.realtimeminer.fetcher.http.PageFetcher;
import io.realtimeminer.fetcher.schedule.PollScheduler;
import io.realtimeminer.kafka.Topics;
import io.realtimeminer.template.SourceKind;
import io.realtimeminer.template.TemplateParser;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class TemplateConsumerTest {

    private static final TopicPartition P0 = new TopicPartition(Topics.TEMPLATES, 0);
    private static final TopicPartition P1 = new TopicPartition(Topics.TEMPLATES, 1);

    private final MockConsumer<String, String> consumer = new MockConsumer<>("earliest");
    private final MockProducer<String, String> dlq = new MockProducer<>(true, null, new StringSerializer(), new StringSerializer());
    private PollScheduler scheduler;
    private TemplateConsumer templates;
    private Thread loop;

    @BeforeEach
    void start() {
        PageFetcher neverAnswers = new PageFetcher() {
            @Override
            public CompletableFuture<io.realtimeminer.fetcher.http.FetchResponse> fetch(io.realtimeminer.fetcher.http.FetchRequest request) {
                return new CompletableFuture<>();
            }

            @Override
            public void close() {
            }
        };
        ItemSink sink = new ItemSink() {
            @Override
            public CompletableFuture<Void> send(List<io.realtimeminer.avro.RawItem> items) {
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public void close() {
            }
        };
        scheduler = new PollScheduler(neverAnswers, Map.of(SourceKind.FEED, new FeedExtractor()), sink, Runnable::run,
                result -> { }, 10, Clock.systemUTC());
        consumer.updateBeginningOffsets(Map.of(P0, 0L, P1, 0L));
    }

    private void run(String pool) {
        templates = new TemplateConsumer(consumer, new TemplateParser(Duration.ofSeconds(1)), scheduler,
                new TemplateDeadLetters(dlq), pool);
        loop = new Thread(templates);
        loop.start();
        consumer.schedulePollTask(() -> consumer.rebalance(List.of(P0, P1)));
    }

    @AfterEach
    void stop() throws InterruptedException {
        templates.close();
        loop.join(5_000);
        scheduler.close();
    }

    @Test
    void learnsSourcesAppliesTombstonesAndDropsRevokedPartitions() {
        run("default");
        consumer.schedulePollTask(() -> {
            consumer.addRecord(record(P0, 0, "a", feed("a")));
            consumer.addRecord(record(P1, 0, "b", feed("b")));
            consumer.addRecord(record(P0, 1, "c", feed("c")));
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> scheduler.sourceIds().equals(Set.of("a", "b", "c")));

        consumer.schedulePollTask(() -> consumer.addRecord(record(P0, 2, "c", null)));
        await().atMost(Duration.ofSeconds(10)).until(() -> scheduler.sourceIds().equals(Set.of("a", "b")));
        assertThat(templates.ownership().get(P0)).containsExactly("a");

        consumer.schedulePollTask(() -> consumer.rebalance(List.of(P1)));
        await().atMost(Duration.ofSeconds(10)).until(() -> scheduler.sourceIds().equals(Set.of("b")));
        assertThat(dlq.history()).isEmpty();
    }

    @Test
    void sendsARefusedTemplateToTheDeadLetterTopicOnceAndKeepsThePreviousVersion() {
        run("default");
        consumer.schedulePollTask(() -> {
            consumer.addRecord(record(P0, 0, "a", feed("a")));
            consumer.addRecord(record(P0, 1, "a", "{\"url\":\"http://h/a\",\"kind\":\"feed\",\"interval\":\"never\"}"));
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> dlq.history().size() == 1);

        var letter = dlq.history().get(0);
        assertThat(letter.topic()).isEqualTo(Topics.TEMPLATES_DLQ);
        assertThat(letter.key()).isEqualTo("a");
        assertThat(new String(letter.headers().lastHeader(Topics.ERROR_HEADER).value(), StandardCharsets.UTF_8))
                .contains("$.interval");
        assertThat(scheduler.sourceIds()).containsExactly("a");
    }

    @Test
    void pollsOnlyTheSourcesOfItsPool() {
        run("eu");
        consumer.schedulePollTask(() -> {
            consumer.addRecord(record(P0, 0, "in-eu", "{\"url\":\"http://h/1\",\"kind\":\"feed\",\"pool\":\"eu\"}"));
            consumer.addRecord(record(P0, 1, "default-pool", feed("default-pool")));
            consumer.addRecord(record(P1, 0, "moves", "{\"url\":\"http://h/2\",\"kind\":\"feed\",\"pool\":\"eu\"}"));
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> scheduler.sourceIds().equals(Set.of("in-eu", "moves")));

        consumer.schedulePollTask(() -> consumer.addRecord(record(P1, 1, "moves", "{\"url\":\"http://h/2\",\"kind\":\"feed\",\"pool\":\"us\"}")));
        await().atMost(Duration.ofSeconds(10)).until(() -> scheduler.sourceIds().equals(Set.of("in-eu")));
    }

    private static String feed(String id) {
        return "{\"url\":\"http://h/" + id + "\",\"kind\":\"feed\",\"interval\":\"PT1H\"}";
    }

    private static ConsumerRecord<String, String> record(TopicPartition tp, long offset, String key, String value) {
        return new ConsumerRecord<>(tp.topic(), tp.partition(), offset, key, value);
    }
}
