package io.realtimeminer.fetcher.details;

import io.realtimeminer.avro.ItemDetails;
import io.realtimeminer.avro.RawItem;
import io.realtimeminer.fetcher.FetcherConfig;
import io.realtimeminer.fetcher.http.FetchRequest;
import io.realtimeminer.fetcher.http.FetchResponse;
import io.realtimeminer.fetcher.http.PageFetcher;
import io.realtimeminer.fetcher.page.PageReader;
import io.realtimeminer.kafka.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The detail fetcher's consumer loop on a MockConsumer and MockProducer: one details record per
 * item that wants one, a bound on pages in flight, offsets committed only over acknowledged
 * details, and a record read again when its details could not be written.
 */
class DetailFetcherTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private static final TopicPartition P0 = new TopicPartition(Topics.ITEMS_NEW, 0);
    private static final TopicPartition P1 = new TopicPartition(Topics.ITEMS_NEW, 1);
    private static final Serializer<ItemDetails> NO_SERIALIZATION = (topic, details) -> new byte[0];

    private MockConsumer<String, RawItem> consumer;
    private final Map<String, CompletableFuture<FetchResponse>> responses = new ConcurrentHashMap<>();
    private final PageFetcher engine = new PageFetcher() {
        @Override
        public CompletableFuture<FetchResponse> fetch(FetchRequest request) {
            return responses.computeIfAbsent(request.url().getPath(), path -> new CompletableFuture<>());
        }

        @Override
        public void close() {
        }
    };
    private MockProducer<String, ItemDetails> producer;
    private DetailFetcher fetcher;

    @BeforeEach
    void start() {
        startWith(true, 3);
    }

    private void startWith(boolean autoAck, int maxInFlight) {
        consumer = new MockConsumer<>("earliest");
        responses.clear();
        producer = new MockProducer<>(autoAck, null, new StringSerializer(), NO_SERIALIZATION);
        ItemPageFetch pages = new ItemPageFetch(engine, new PageReader(PageReader.DEFAULT_MAX_BYTES), Runnable::run,
                Duration.ofSeconds(5), Clock.fixed(NOW, ZoneOffset.UTC));
        DetailSettings settings = new DetailSettings(true, "miner-details", maxInFlight, Duration.ofSeconds(5), Duration.ofMinutes(10),
                PageReader.DEFAULT_MAX_BYTES);
        fetcher = new DetailFetcher(consumer, producer, pages, settings, Clock.fixed(NOW, ZoneOffset.UTC));
        consumer.updateBeginningOffsets(Map.of(P0, 0L, P1, 0L));
        fetcher.subscribe();
        consumer.rebalance(List.of(P0, P1));
    }

    @Test
    void everyItemThatWantsItsPageGetsOneDetailsRecordAndTheOthersAreSkipped() {
        consumer.addRecord(record(P0, 0, item("a:1", true, NOW)));
        consumer.addRecord(record(P0, 1, item("a:2", false, NOW)));
        consumer.addRecord(record(P1, 0, item("b:1", true, NOW.minus(Duration.ofHours(1)))));
        consumer.addRecord(record(P1, 1, item("b:2", true, NOW)));
        fetcher.step();
        page("/a:1", 200, "<html lang=\"en\"><head><title>Page a:1</title></head><body><p>Text.</p></body></html>");
        page("/b:2", 503, "busy");

        stepUntil(() -> producer.history().size() == 2);
        stepUntil(() -> committed(P0) == 2 && committed(P1) == 2);

        assertThat(producer.history()).extracting(ProducerRecord::topic).containsOnly(Topics.ITEMS_DETAILS);
        Map<String, ItemDetails> byKey = new java.util.HashMap<>();
        producer.history().forEach(r -> byKey.put(r.key(), r.value()));
        assertThat(byKey).containsOnlyKeys("a:1", "b:2");
        assertThat(byKey.get("a:1").getTitle()).isEqualTo("Page a:1");
        assertThat(byKey.get("a:1").getLanguage()).isEqualTo("en");
        assertThat(byKey.get("b:2").getError()).isEqualTo("HTTP 503");
        assertThat(fetcher.stats()).isEqualTo(new DetailFetcher.Stats(1, 1, 2));
        assertThat(responses).doesNotContainKey("/b:1");
    }

    @Test
    void atMostMaxInFlightPagesAreFetchedAtOnceAndOffsetsStopAtTheFirstUnfinished() {
        for (int i = 0; i < 6; i++) {
            consumer.addRecord(record(P0, i, item("a:" + i, true, NOW)));
        }
        fetcher.step();
        assertThat(responses).containsOnlyKeys("/a:0", "/a:1", "/a:2");
        fetcher.step();
        assertThat(consumer.paused()).contains(P0);

        page("/a:1", 200, "<title>one</title>");
        page("/a:2", 200, "<title>two</title>");
        stepUntil(() -> responses.size() == 5);
        assertThat(fetcher.inFlight()).isEqualTo(3);
        // a:0 is still under way: nothing can be committed past it.
        assertThat(committed(P0)).isEqualTo(0);

        page("/a:0", 200, "<title>zero</title>");
        stepUntil(() -> committed(P0) == 3);
        for (int i = 3; i < 6; i++) {
            page("/a:" + i, 404, "");
        }
        stepUntil(() -> committed(P0) == 6);
        assertThat(consumer.paused()).isEmpty();
        assertThat(producer.history()).hasSize(6);
    }

    @Test
    void detailsThatCannotBeWrittenAreFetchedAgainAndNotCommittedPast() {
        startWith(false, 3);
        consumer.addRecord(record(P0, 0, item("a:0", true, NOW)));
        consumer.addRecord(record(P0, 1, item("a:1", true, NOW)));
        fetcher.step();
        page("/a:0", 200, "<title>zero</title>");
        page("/a:1", 200, "<title>one</title>");
        stepUntil(() -> producer.history().size() == 2);

        producer.errorNext(new org.apache.kafka.common.errors.TimeoutException("broker away"));
        producer.completeNext();
        fetcher.step();
        assertThat(committed(P0)).isLessThanOrEqualTo(0);

        // Read again from a:0: both are fetched and sent again, then committed once acknowledged.
        consumer.addRecord(record(P0, 0, item("a:0", true, NOW)));
        consumer.addRecord(record(P0, 1, item("a:1", true, NOW)));
        stepUntil(() -> producer.history().size() == 4);
        while (producer.completeNext()) {
            // acknowledge everything sent
        }
        stepUntil(() -> committed(P0) == 2);
    }

    @Test
    void revokedPartitionsCommitWhatIsDoneAndForgetTheRest() {
        consumer.addRecord(record(P0, 0, item("a:0", true, NOW)));
        consumer.addRecord(record(P0, 1, item("a:1", true, NOW)));
        fetcher.step();
        page("/a:0", 200, "<title>zero</title>");
        fetcher.step();

        assertThat(committed(P0)).isEqualTo(1);

        consumer.rebalance(List.of(P1));
        page("/a:1", 200, "<title>one</title>");
        fetcher.step();
        // The page came after the revocation: its details are written, but the offset is the next owner's to commit.
        consumer.rebalance(List.of(P0, P1));
        fetcher.step();
        assertThat(producer.history()).hasSize(2);
        assertThat(committed(P0)).isEqualTo(1);
    }

    /**
     * The start of an instance: its polls find every source's backlog at once (5 items each). With
     * the default settings the detail fetcher must get through such a backlog at pages of a usual
     * speed well within the enrichment's wait for details (enrichment.detail.deadline.ms, 20 s):
     * the detail stage is bound only by its pages in flight, so at 64 (the old default) 2,000 pages
     * of 500 ms took 16 s, and on `miner bench` (10,000 items) every new item of the first minutes
     * sat behind the backlog past the deadline (pipeline latency p50 21 s, the deadline plus ~1 s).
     */
    @Test
    void withTheDefaultSettingsABacklogOfNewItemsAtSlowPagesIsThroughWellWithinTheEnrichmentDeadline() throws Exception {
        int items = 2_000;
        long pageMillis = 500;
        DetailSettings defaults = new FetcherConfig(Map.of()).detailSettings();
        java.util.concurrent.ScheduledExecutorService farm = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        try {
            PageFetcher slowPages = new PageFetcher() {
                @Override
                public CompletableFuture<FetchResponse> fetch(FetchRequest request) {
                    CompletableFuture<FetchResponse> response = new CompletableFuture<>();
                    farm.schedule(() -> response.complete(new FetchResponse(200, request.url(), "text/html",
                            "<title>t</title>".getBytes(StandardCharsets.UTF_8), null, null)), pageMillis,
                            java.util.concurrent.TimeUnit.MILLISECONDS);
                    return response;
                }

                @Override
                public void close() {
                }
            };
            consumer = new MockConsumer<>("earliest");
            producer = new MockProducer<>(true, null, new StringSerializer(), NO_SERIALIZATION);
            ItemPageFetch pages = new ItemPageFetch(slowPages, new PageReader(defaults.maxPageBytes()), Runnable::run,
                    defaults.fetchTimeout(), Clock.systemUTC());
            fetcher = new DetailFetcher(consumer, producer, pages, defaults, Clock.systemUTC());
            consumer.updateBeginningOffsets(Map.of(P0, 0L, P1, 0L));
            fetcher.subscribe();
            consumer.rebalance(List.of(P0, P1));
            Instant now = Instant.now();
            for (int i = 0; i < items; i++) {
                TopicPartition partition = i % 2 == 0 ? P0 : P1;
                consumer.addRecord(record(partition, i / 2, item("s" + (i % 400) + ":" + i, true, now)));
            }

            long start = System.nanoTime();
            long limit = start + Duration.ofSeconds(10).toNanos(); // half the enrichment deadline
            while (producer.history().size() < items && System.nanoTime() < limit) {
                fetcher.step();
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(producer.history()).as("details written within 10 s (took %s ms)", took.toMillis()).hasSize(items);
            assertThat(producer.history()).allSatisfy(r -> assertThat(r.value().getError()).isNull());
        } finally {
            farm.shutdownNow();
        }
    }

    private void stepUntil(BooleanSupplier condition) {
        for (int i = 0; i < 50 && !condition.getAsBoolean(); i++) {
            fetcher.step();
        }
        assertThat(condition.getAsBoolean()).as("condition reached within 50 steps").isTrue();
    }

    private long committed(TopicPartition partition) {
        OffsetAndMetadata offset = consumer.committed(Set.of(partition)).get(partition);
        return offset == null ? -1 : offset.offset();
    }

    private void page(String path, int status, String html) {
        responses.computeIfAbsent(path, p -> new CompletableFuture<>()).complete(new FetchResponse(status,
                URI.create("http://pages.example" + path), "text/html", html.getBytes(StandardCharsets.UTF_8), null, null));
    }

    private static RawItem item(String id, boolean pageDetails, Instant discovered) {
        return RawItem.newBuilder().setItemId(id).setSourceId(id.substring(0, 1)).setUrl("http://pages.example/" + id)
                .setDiscoveredAt(discovered).setPageDetails(pageDetails).build();
    }

    private static ConsumerRecord<String, RawItem> record(TopicPartition partition, long offset, RawItem item) {
        return new ConsumerRecord<>(partition.topic(), partition.partition(), offset, item.getItemId(), item);
    }
}
