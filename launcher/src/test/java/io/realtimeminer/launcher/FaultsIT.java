package io.realtimeminer.launcher;

import io.realtimeminer.kafka.Topics;
import io.realtimeminer.stack.EmbeddedStack;
import io.realtimeminer.stack.StackComponent;
import io.realtimeminer.stack.StackEndpoints;
import io.realtimeminer.topology.TopologyConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The pipeline rides out the failure of each part of the stack by itself. While a local site keeps
 * posting stories, each step takes one part away (the broker, the registry, the Connect worker, or
 * PostgreSQL for a minute) and brings it back on the same data and ports; after each, PostgreSQL
 * must hold exactly the stories posted so far, every one once (checked on its rows). A record
 * that is not Avro goes to the dedupe dead-letter topic with its reason and blocks nothing.
 * One stack for all steps (its start dominates); they run in order and each checks everything
 * posted since the start.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultsIT {

    private static final List<String> FEEDS = List.of("f1", "f2", "f3");
    private static final Duration POST_EVERY = Duration.ofMillis(1_500);
    /** From the last story posted to its row, after a part came back (generous: 2 cores, a dozen JVM threads pools). */
    private static final Duration CATCH_UP = Duration.ofSeconds(150);

    private RunningPipeline running;
    private EmbeddedStack stack;
    private StackEndpoints endpoints;
    private DemoSite site;
    private TemplatePublisher templates;
    private PostedStories stories;
    private final AtomicBoolean posting = new AtomicBoolean();
    private final ScheduledExecutorService poster = Executors.newSingleThreadScheduledExecutor();
    private final Instant began = Instant.now();

    @BeforeAll
    void start(@TempDir Path dataDir) throws Exception {
        running = RunningPipeline.start(RunningPipeline.forLocalSite(dataDir));
        stack = running.stack();
        endpoints = running.endpoints();
        site = new DemoSite(Clock.systemUTC());
        stories = new PostedStories(() -> endpoints, site, () -> FEEDS, posting, POST_EVERY, CATCH_UP, this::log);
        templates = new TemplatePublisher(endpoints.kafkaClients());
        for (String feed : FEEDS) {
            site.feed(feed);
            templates.put(feed, "{\"name\":\"Feed " + feed + "\",\"url\":\"" + site.url(feed) + "\",\"kind\":\"feed\",\"interval\":\"PT1S\"}");
        }
        poster.scheduleAtFixedRate(() -> {
            if (posting.get()) {
                FEEDS.forEach(site::post);
            }
        }, 0, POST_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        log("stack and pipeline up");
    }

    @AfterAll
    void stop() {
        poster.shutdownNow();
        if (templates != null) {
            templates.close();
        }
        if (site != null) {
            site.close();
        }
        if (running != null) {
            running.close();
        }
    }

    @Test
    @Order(1)
    void aBrokerRestartLosesAndDuplicatesNothing() throws Exception {
        survives(StackComponent.KAFKA, Duration.ofSeconds(8));
    }

    @Test
    @Order(2)
    void aRegistryRestartLosesAndDuplicatesNothing() throws Exception {
        // With its restart, longer than the serdes' schema cache period (30 s): they must ride out refreshes that fail.
        survives(StackComponent.REGISTRY, Duration.ofSeconds(28));
    }

    @Test
    @Order(3)
    void aConnectWorkerRestartLosesAndDuplicatesNothing() throws Exception {
        survives(StackComponent.CONNECT, Duration.ofSeconds(8));
    }

    @Test
    @Order(4)
    void postgresDownForAMinuteLosesAndDuplicatesNothing() throws Exception {
        survives(StackComponent.POSTGRES, Duration.ofSeconds(55));
    }

    @Test
    @Order(5)
    void aRecordThatIsNotAvroGoesToTheDeadLetterTopicAndBlocksNothing() throws Exception {
        String deadLetters = new TopologyConfig(Map.of()).deadLetterTopic("dedupe");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                endpoints.kafkaClients().producer("faults-it-poison"), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.ITEMS_RAW, "poison:1", "not avro at all".getBytes(StandardCharsets.UTF_8))).get();
        }
        // Stories posted after the poison record pass the same partitions.
        posting.set(true);
        Thread.sleep(6_000);
        stories.assertEachStoredOnce("after a poison record", () -> "");

        Map<String, Object> settings = endpoints.kafkaClients().consumer("faults-it-dlq", "faults-it");
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(settings, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(deadLetters));
            List<ConsumerRecord<String, byte[]>> letters = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach(letters::add);
                return !letters.isEmpty();
            });
            ConsumerRecord<String, byte[]> letter = letters.get(0);
            assertThat(letter.key()).isEqualTo("poison:1");
            assertThat(new String(letter.value(), StandardCharsets.UTF_8)).isEqualTo("not avro at all");
            Map<String, String> headers = new HashMap<>();
            for (Header header : letter.headers()) {
                headers.put(header.key(), header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8));
            }
            log("dead letter headers: " + headers.keySet() + ", reason: " + headers.get("__streams.errors.message"));
            assertThat(headers).containsKey("__streams.errors.exception").containsKey("__streams.errors.message");
            assertThat(headers.get("__streams.errors.topic")).isEqualTo(Topics.ITEMS_RAW);
        }
    }

    /**
     * Posts for a while, takes {@code part} away for {@code outage} while the site keeps posting,
     * brings it back, posts a little more, stops posting and waits until PostgreSQL holds every
     * story posted since the start exactly once.
     */
    private void survives(StackComponent part, Duration outage) throws Exception {
        posting.set(true);
        Thread.sleep(3_000);
        Instant down = Instant.now();
        stack.stopPart(part);
        log(part.displayName() + " stopped");
        Thread.sleep(outage.toMillis());
        stack.startPart(part);
        log(part.displayName() + " started again after " + Duration.between(down, Instant.now()).toSeconds() + " s");
        Thread.sleep(3_000);
        stories.assertEachStoredOnce("after a restart of " + part.displayName(), () -> "");
    }

    private void log(String message) {
        System.out.printf("FaultsIT +%5.1f s: %s%n", Duration.between(began, Instant.now()).toMillis() / 1000.0, message);
    }
}
