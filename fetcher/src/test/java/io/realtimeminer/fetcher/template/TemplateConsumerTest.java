package io.realtimeminer.fetcher.template;

import io.realtimeminer.fetcher.emit.ItemSink;
import io.realtimeminer.fetcher.extract.FeedExtractor;
import io.realtimeminer.fetcher.http.PageFetcher;
import io.realtimeminer.fetcher.http.FetchRequest;
import io.realtimeminer.fetcher.schedule.FetchState;
import io.realtimeminer.fetcher.schedule.PollPolicy;
import io.realtimeminer.fetcher.schedule.PollScheduler;
import io.realtimeminer.fetcher.state.FetchStateJournal;
import io.realtimeminer.fetcher.state.MemoryFetchStateStore;
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
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class TemplateConsumerTest {

    private static final TopicPartition P0 = new TopicPartition(Topics.TEMPLATES, 0);
    private static final TopicPartition P1 = new TopicPartition(Topics.TEMPLATES, 1);

    private final MockConsumer<String, String> consumer = new MockConsumer<>("earliest");
    private final MockProducer<String, String> dlq = new MockProducer<>(true, null, new StringSerializer(), new StringSerializer());
    private final List<FetchRequest> requests = new CopyOnWriteArrayList<>();
    private final MemoryFetchStateStore states = new MemoryFetchStateStore();
    private final FetchStateJournal journal = new FetchStateJournal(states, Duration.ofSeconds(1));
    private ItemSink sink;
    private PageFetcher neverAnswers;
    private PollScheduler scheduler;
    private TemplateConsumer templates;
    private Thread loop;

    @BeforeEach
    void start() {
        neverAnswers = new PageFetcher() {
            @Override
            public CompletableFuture<io.realtimeminer.fetcher.http.FetchResponse> fetch(FetchRequest request) {
                requests.add(request);
                return new CompletableFuture<>();
            }

            @Override
            public void close() {
            }
        };
        sink = new ItemSink() {
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
        run(new TemplateConsumer(consumer, new TemplateParser(Duration.ofSeconds(1)), scheduler,
                new TemplateDeadLetters(dlq), pool));
    }

    private void run(TemplateConsumer consumerLoop) {
        templates = consumerLoop;
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

    /** A deployment may run no default pool at all: a refused template is reported by the first pool it names. */
    @Test
    void aRefusedTemplateIsReportedByTheFirstPoolItNamesAndByNoOther() {
        run("eu");
        consumer.schedulePollTask(() -> {
            consumer.addRecord(record(P0, 0, "eu-bad", "{\"url\":\"http://h/1\",\"kind\":\"feed\",\"pool\":[\"eu\",\"us\"],\"interval\":\"PT0.1S\"}"));
            consumer.addRecord(record(P0, 1, "us-bad", "{\"url\":\"http://h/2\",\"kind\":\"feed\",\"pool\":\"us\",\"interval\":\"never\"}"));
            consumer.addRecord(record(P0, 2, "default-bad", "{\"url\":\"http://h/3\",\"kind\":\"feed\",\"interval\":\"never\"}"));
            consumer.addRecord(record(P1, 0, "in-eu", "{\"url\":\"http://h/4\",\"kind\":\"feed\",\"pool\":\"eu\"}"));
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> scheduler.sourceIds().equals(Set.of("in-eu")));
        await().atMost(Duration.ofSeconds(10)).until(() -> dlq.history().size() == 1);

        var letter = dlq.history().get(0);
        assertThat(letter.key()).isEqualTo("eu-bad");
        assertThat(new String(letter.headers().lastHeader(Topics.ERROR_HEADER).value(), StandardCharsets.UTF_8))
                .contains("$.interval", "shorter than the minimum");
    }

    /**
     * A record that fails while it is applied (here: a handed-over state whose backoff ends at the
     * end of time, which overflows the scheduler's arithmetic) is dead-lettered with the reason,
     * its source stopped, and every other template still applies.
     */
    @Test
    void aTemplateThatCannotBeAppliedIsDeadLetteredAndTheConsumerGoesOn() {
        scheduler.close();
        scheduler = new PollScheduler(neverAnswers, Map.of(SourceKind.FEED, new FeedExtractor()), sink, Runnable::run,
                result -> { }, 10, Clock.systemUTC(), PollPolicy.DEFAULTS, journal, 10);
        states.put("poison", 0, new FetchState("http://h/poison", null, null, List.of(), 3, Instant.MAX, Instant.now()));
        run(new TemplateConsumer(consumer, new TemplateParser(Duration.ofSeconds(1)), scheduler, new TemplateDeadLetters(dlq),
                "default", journal));
        consumer.schedulePollTask(() -> {
            consumer.addRecord(record(P0, 0, "poison", feed("poison")));
            consumer.addRecord(record(P0, 1, "a", feed("a")));
            consumer.addRecord(record(P1, 0, "b", feed("b")));
        });

        await().atMost(Duration.ofSeconds(10)).until(() -> scheduler.sourceIds().equals(Set.of("a", "b")));
        await().atMost(Duration.ofSeconds(10)).until(() -> dlq.history().size() == 1);
        var letter = dlq.history().get(0);
        assertThat(letter.key()).isEqualTo("poison");
        assertThat(new String(letter.headers().lastHeader(Topics.ERROR_HEADER).value(), StandardCharsets.UTF_8))
                .startsWith("template 'poison' could not be applied: java.lang.ArithmeticException");
        assertThat(loop.isAlive()).isTrue();
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

    @Test
    void aSourceNamingSeveralPoolsIsTakenOverWhileThePoolsBeforeGoAndHandedBackWhenOneComesBack() {
        AtomicBoolean euAlive = new AtomicBoolean(true);
        run(new TemplateConsumer(consumer, new TemplateParser(Duration.ofSeconds(1)), scheduler, new TemplateDeadLetters(dlq),
                "us", journal, (template, self) -> template.pools().indexOf(self) == 0
                        || template.pools().indexOf(self) == 1 && !euAlive.get()));
        consumer.schedulePollTask(() -> {
            consumer.addRecord(record(P0, 0, "eu-first", "{\"url\":\"http://h/1\",\"kind\":\"feed\",\"pool\":[\"eu\",\"us\"]}"));
            consumer.addRecord(record(P0, 1, "us-only", "{\"url\":\"http://h/2\",\"kind\":\"feed\",\"pool\":\"us\"}"));
            consumer.addRecord(record(P1, 0, "eu-only", "{\"url\":\"http://h/3\",\"kind\":\"feed\",\"pool\":\"eu\"}"));
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> scheduler.sourceIds().equals(Set.of("us-only")));

        euAlive.set(false);
        await().atMost(Duration.ofSeconds(10)).until(() -> scheduler.sourceIds().equals(Set.of("us-only", "eu-first")));
        assertThat(templates.ownership().get(P0)).containsExactlyInAnyOrder("us-only", "eu-first");

        euAlive.set(true);
        await().atMost(Duration.ofSeconds(10)).until(() -> scheduler.sourceIds().equals(Set.of("us-only")));
        assertThat(templates.ownership().get(P0)).containsExactly("us-only");

        // A partition taken away takes its fallback sources with it: they are not polled again from here.
        euAlive.set(false);
        consumer.schedulePollTask(() -> consumer.rebalance(List.of(P1)));
        await().atMost(Duration.ofSeconds(10)).until(() -> scheduler.sourceIds().isEmpty());
        AtomicBoolean rerouted = new AtomicBoolean();
        consumer.schedulePollTask(() -> {
            templates.reroute(); // on the consumer's own thread, as its loop does
            rerouted.set(true);
        });
        await().atMost(Duration.ofSeconds(10)).untilTrue(rerouted);
        assertThat(scheduler.sourceIds()).isEmpty();
    }

    @Test
    void handsTheFetchStateOfItsSourcesFromOwnerToOwner() {
        scheduler.close();
        scheduler = new PollScheduler(neverAnswers, Map.of(SourceKind.FEED, new FeedExtractor()), sink, Runnable::run,
                result -> { }, 10, Clock.systemUTC(), PollPolicy.DEFAULTS, journal, 10);
        states.put("a", 0, new FetchState("http://h/a", "\"v7\"", null, List.of(new FetchState.Seen("a:01", 1L)), 0, null,
                Instant.now()));
        run(new TemplateConsumer(consumer, new TemplateParser(Duration.ofSeconds(1)), scheduler, new TemplateDeadLetters(dlq),
                "default", journal));
        consumer.schedulePollTask(() -> {
            consumer.addRecord(record(P0, 0, "a", "{\"url\":\"http://h/a\",\"kind\":\"feed\",\"interval\":\"PT1S\"}"));
            consumer.addRecord(record(P1, 0, "b", feed("b")));
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> requests.stream().anyMatch(r -> r.url().toString().equals("http://h/a")));
        assertThat(requests).filteredOn(r -> r.url().toString().equals("http://h/a")).first()
                .satisfies(r -> assertThat(r.etag()).as("the first request after taking the source over").isEqualTo("\"v7\""));
        assertThat(states.calls()).first().isEqualTo("read [0, 1]");

        consumer.schedulePollTask(() -> consumer.addRecord(record(P1, 1, "b", null)));
        await().atMost(Duration.ofSeconds(10)).until(() -> states.calls().contains("delete b@1"));

        consumer.schedulePollTask(() -> consumer.rebalance(List.of(P1)));
        await().atMost(Duration.ofSeconds(10)).until(() -> !scheduler.sourceIds().contains("a"));
        await().atMost(Duration.ofSeconds(10)).until(() -> states.calls().contains("flush"));
    }

    private static String feed(String id) {
        return "{\"url\":\"http://h/" + id + "\",\"kind\":\"feed\",\"interval\":\"PT1H\"}";
    }

    private static ConsumerRecord<String, String> record(TopicPartition tp, long offset, String key, String value) {
        return new ConsumerRecord<>(tp.topic(), tp.partition(), offset, key, value);
    }
}
