package io.realtimeminer.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.realtimeminer.avro.EnrichedItem;
import io.realtimeminer.avro.RawItem;
import io.realtimeminer.avro.Sighting;
import io.realtimeminer.connect.ItemsSinkConfig;
import io.realtimeminer.connect.JdbcSinkConfig;
import io.realtimeminer.connect.UpsertSinkConnector;
import io.realtimeminer.kafka.RegistrySerdes;
import io.realtimeminer.kafka.TopicSchemas;
import io.realtimeminer.kafka.Topics;
import io.realtimeminer.net.UrlLogin;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The whole stack for real: items produced in Avro reach the items table through Connect, once per
 * item id with the latest values, sightings reach the sightings table and the stories view, the
 * registry accepts the evolved schemas under BACKWARD compatibility, and the stack resumes on its
 * data dir after a restart.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EmbeddedStackIT {

    private static final Duration ARRIVAL = Duration.ofSeconds(60);
    /** How often the stack looks for failed sinks here (10 s by default). */
    private static final Duration RESTART_CHECKS = Duration.ofSeconds(2);
    private static final Instant DISCOVERED = Instant.parse("2026-05-01T10:15:30.123Z");

    @TempDir
    static Path dataDir;

    /** What the stack's start showed of each part's address. */
    private static final List<String> SHOWN_ADDRESSES = new CopyOnWriteArrayList<>();
    private static EmbeddedStack stack;
    private static StackEndpoints endpoints;

    @BeforeAll
    static void startStack() {
        stack = new EmbeddedStack();
        endpoints = start(stack);
        try (PipelineTopics topics = new PipelineTopics(endpoints.kafkaClients(), (short) -1)) {
            assertThat(topics.ensure(Topics.ITEMS_ENRICHED, 3, Map.of())).isTrue();
            assertThat(topics.ensure(Topics.ITEMS_ENRICHED, 3, Map.of())).isFalse();
            assertThat(topics.ensure(Topics.SIGHTINGS, 3, Map.of())).isTrue();
        }
        printMemory();
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void storesEachItemOnceWithItsLatestValues() throws Exception {
        produce(List.of(
                item("item-a", "First title", DISCOVERED.minus(1, ChronoUnit.HOURS), List.of("news", "a,b", "say \"hi\"")),
                item("item-b", "Item B", null, List.of()),
                item("item-c", "Item C", DISCOVERED, List.of("tech")),
                item("item-a", "Second title", DISCOVERED.minus(1, ChronoUnit.HOURS), List.of("news", "a,b", "say \"hi\""))));

        await().atMost(ARRIVAL).untilAsserted(() -> {
            assertThat(titles()).containsExactlyInAnyOrder("item-a=Second title", "item-b=Item B", "item-c=Item C");
        });

        try (Connection db = database();
             PreparedStatement query = db.prepareStatement(
                     "SELECT * FROM items WHERE item_id = ?")) {
            query.setString(1, "item-a");
            try (ResultSet row = query.executeQuery()) {
                assertThat(row.next()).isTrue();
                assertThat(row.getString("source_id")).isEqualTo("source-1");
                assertThat(row.getString("source_name")).isEqualTo("Source One");
                assertThat(row.getString("url")).isEqualTo("https://example.org/item-a");
                assertThat(row.getObject("published_at", OffsetDateTime.class).toInstant())
                        .isEqualTo(DISCOVERED.minus(1, ChronoUnit.HOURS));
                assertThat(row.getObject("discovered_at", OffsetDateTime.class).toInstant()).isEqualTo(DISCOVERED);
                assertThat(row.getObject("enriched_at", OffsetDateTime.class).toInstant())
                        .isEqualTo(DISCOVERED.plusSeconds(2));
                assertThat(row.getObject("stored_at", OffsetDateTime.class)).isNotNull();
                assertThat(tags(row.getArray("tags"))).containsExactly("news", "a,b", "say \"hi\"");
            }
            query.setString(1, "item-b");
            try (ResultSet row = query.executeQuery()) {
                assertThat(row.next()).isTrue();
                assertThat(row.getObject("published_at")).isNull();
                assertThat(tags(row.getArray("tags"))).isEmpty();
            }
        }
    }

    @Test
    @Order(2)
    void setsAPoisonRecordAsideAndGoesOn() throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                endpoints.kafkaClients().producer("embedded-stack-it-poison"), new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.ITEMS_ENRICHED, "poison".getBytes(StandardCharsets.UTF_8),
                    "not avro at all".getBytes(StandardCharsets.UTF_8))).get();
        }
        produce(List.of(item("item-d", "After the poison", DISCOVERED, List.of())));

        await().atMost(ARRIVAL).untilAsserted(() -> assertThat(titles()).contains("item-d=After the poison"));
        List<ConsumerRecord<byte[], byte[]>> deadLetters = readAll(Topics.ITEMS_ENRICHED + ".dlq", 1);
        assertThat(deadLetters).hasSize(1);
        assertThat(new String(deadLetters.get(0).key(), StandardCharsets.UTF_8)).isEqualTo("poison");
        assertThat(deadLetters.get(0).headers().lastHeader("__connect.errors.exception.class.name")).isNotNull();
    }

    @Test
    @Order(3)
    void writesTheConfluentWireFormatThatConfluentClientsResolve() throws Exception {
        ConsumerRecord<byte[], byte[]> avro = readAll(Topics.ITEMS_ENRICHED, 6).stream()
                .filter(record -> record.value().length > 5 && record.value()[0] == 0)
                .findFirst().orElseThrow();
        int schemaId = ByteBuffer.wrap(avro.value(), 1, 4).getInt();

        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(endpoints.confluentRegistryUrl() + "/schemas/ids/" + schemaId)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        String schema = new ObjectMapper().readTree(response.body()).path("schema").asText();
        assertThat(new Schema.Parser().parse(schema)).isEqualTo(EnrichedItem.getClassSchema());
    }

    @Test
    @Order(4)
    void resumesOnTheSameDataDirAfterARestart() throws Exception {
        StackEndpoints before = endpoints;
        stack.close();

        stack = new EmbeddedStack();
        endpoints = start(stack);
        assertThat(endpoints).isEqualTo(before);
        assertThat(titles()).containsExactlyInAnyOrder(
                "item-a=Second title", "item-b=Item B", "item-c=Item C", "item-d=After the poison");

        produce(List.of(item("item-e", "After the restart", DISCOVERED, List.of("resumed"))));
        await().atMost(ARRIVAL).untilAsserted(() -> assertThat(titles()).contains("item-e=After the restart"));
        assertThat(titles()).hasSize(5);
    }

    @Test
    @Order(5)
    void storesSightingsAndTellsWhichSourcesCarriedAStoryAndWhoWasFirst() throws Exception {
        Instant first = DISCOVERED.plusSeconds(60);
        String story = "alpha:00000000000000aa";
        produce(Topics.SIGHTINGS, List.of(
                sighting(story, story, "alpha", "Big news", "https://news.example/a?utm_source=x", first),
                sighting("beta:00000000000000bb", story, "beta", "Big news, again", "https://NEWS.example/a", first.plusSeconds(20)),
                sighting("gamma:00000000000000cc", story, "gamma", "Big news!", "https://news.example/a#top", first.plusSeconds(5)),
                sighting("beta:00000000000000dd", "beta:00000000000000dd", "beta", "Small news", "https://news.example/b",
                        first.plusSeconds(30))));
        produce(Topics.ITEMS_ENRICHED, List.of(EnrichedItem.newBuilder(item(story, "Big news", null, List.of()))
                .setSourceId("alpha").setCanonicalUrl("https://news.example/a").setStoryId(story).build()));

        await().atMost(ARRIVAL).untilAsserted(() -> assertThat(count("select count(*) from sightings")).isEqualTo(4));
        await().atMost(ARRIVAL).untilAsserted(() -> assertThat(titles()).contains(story + "=Big news"));
        try (Connection db = database();
             PreparedStatement query = db.prepareStatement("select * from stories where story_id = ?")) {
            query.setString(1, story);
            try (ResultSet row = query.executeQuery()) {
                assertThat(row.next()).isTrue();
                assertThat(row.getString("canonical_url")).isEqualTo("https://news.example/a");
                assertThat(row.getString("title")).isEqualTo("Big news");
                assertThat(row.getString("first_source")).isEqualTo("alpha");
                assertThat(row.getObject("first_seen_at", OffsetDateTime.class).toInstant()).isEqualTo(first);
                assertThat(row.getObject("last_seen_at", OffsetDateTime.class).toInstant()).isEqualTo(first.plusSeconds(20));
                assertThat(row.getInt("source_count")).isEqualTo(3);
                assertThat(tags(row.getArray("sources"))).containsExactly("alpha", "beta", "gamma");
                assertThat(row.getInt("sighting_count")).isEqualTo(3);
            }
        }
        try (Connection db = database();
             ResultSet row = db.createStatement().executeQuery(
                     "select canonical_url, story_id from items where item_id = '" + story + "'")) {
            assertThat(row.next()).isTrue();
            assertThat(row.getString("canonical_url")).isEqualTo("https://news.example/a");
            assertThat(row.getString("story_id")).isEqualTo(story);
        }
        assertThat(count("select source_count from stories where story_id = 'beta:00000000000000dd'")).isEqualTo(1);
    }

    @Test
    @Order(6)
    void theRegistryAcceptsTheEvolvedSchemasUnderBackwardCompatibility() throws Exception {
        for (Schema current : List.of(RawItem.getClassSchema(), EnrichedItem.getClassSchema())) {
            String subject = "compatibility-check-" + current.getName() + "-value";
            Path released = ProjectFiles.require("schemas/src/test/resources/avro-history/v1/" + current.getName() + ".avsc",
                    "the released schemas are kept in the schemas module's test resources");
            assertThat(register(subject, Files.readString(released)).statusCode()).isEqualTo(200);
            HttpResponse<String> config = ccompat(HttpRequest.newBuilder(URI.create(
                    endpoints.confluentRegistryUrl() + "/config/" + subject))
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"compatibility\":\"BACKWARD\"}")));
            assertThat(config.statusCode()).as(config.body()).isEqualTo(200);

            HttpResponse<String> evolved = register(subject, current.toString());
            assertThat(evolved.statusCode()).as(evolved.body()).isEqualTo(200);
            // A field added without a default would break old records: the registry must refuse it.
            List<Schema.Field> fields = new ArrayList<>();
            current.getFields().forEach(field -> fields.add(new Schema.Field(field, field.schema())));
            fields.add(new Schema.Field("required_now", Schema.create(Schema.Type.STRING), "a new field without default"));
            String breaking = Schema.createRecord(current.getName(), current.getDoc(), current.getNamespace(), false, fields).toString();
            assertThat(register(subject, breaking).statusCode()).isEqualTo(409);
        }
    }

    private static HttpResponse<String> register(String subject, String schema) throws Exception {
        return ccompat(HttpRequest.newBuilder(URI.create(endpoints.confluentRegistryUrl() + "/subjects/" + subject + "/versions"))
                .POST(HttpRequest.BodyPublishers.ofString(new ObjectMapper().writeValueAsString(Map.of("schema", schema)))));
    }

    private static HttpResponse<String> ccompat(HttpRequest.Builder request) throws Exception {
        return HttpClient.newHttpClient().send(request.header("Content-Type", "application/vnd.schemaregistry.v1+json").build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static Sighting sighting(String itemId, String storyId, String source, String title, String url, Instant seenAt) {
        return Sighting.newBuilder()
                .setItemId(itemId)
                .setStoryId(storyId)
                .setSourceId(source)
                .setSourceItemId("guid-" + itemId)
                .setTitle(title)
                .setUrl(url)
                .setCanonicalUrl(url.contains("/b") ? "https://news.example/b" : "https://news.example/a")
                .setSeenAt(seenAt)
                .build();
    }

    private static long count(String sql) throws SQLException {
        try (Connection db = database(); ResultSet rows = db.createStatement().executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static StackEndpoints start(EmbeddedStack stack) {
        StackConfig config = new StackConfig(Map.of(StackConfig.DATA_DIR, dataDir.toString(),
                StackConfig.CONNECT_RESTART_INTERVAL_MS, RESTART_CHECKS.toMillis()));
        long begin = System.nanoTime();
        StackEndpoints started = stack.start(config, new StartListener() {
            @Override
            public void started(StackComponent component, String address, Duration took) {
                SHOWN_ADDRESSES.add(address);
                System.out.printf("  %-22s %-55s %5d ms%n", component.displayName(), address, took.toMillis());
            }
        });
        System.out.printf("Stack started in %d ms: %s%n", (System.nanoTime() - begin) / 1_000_000, started);
        return started;
    }

    private static EnrichedItem item(String id, String title, Instant publishedAt, List<String> tags) {
        return EnrichedItem.newBuilder()
                .setItemId(id)
                .setSourceId("source-1")
                .setSourceName("Source One")
                .setSourceItemId(id.toUpperCase())
                .setUrl("https://example.org/" + id)
                .setTitle(title)
                .setSummary("About " + id)
                .setAuthor("Ann Author")
                .setPublishedAt(publishedAt)
                .setDiscoveredAt(DISCOVERED)
                .setEnrichedAt(DISCOVERED.plusSeconds(2))
                .setTags(tags)
                .build();
    }

    @Test
    @Order(7)
    void registersEveryTopicSchemaUnderTheArtifactItsSerializerUses() throws Exception {
        Map<String, Long> ids = TopicSchemas.registerAll(endpoints.registryUrl());
        assertThat(ids).containsOnlyKeys(TopicSchemas.VALUES.keySet());
        assertThat(TopicSchemas.registerAll(endpoints.registryUrl())).as("found again, not registered again").isEqualTo(ids);
        ObjectMapper json = new ObjectMapper();
        String api = RegistrySerdes.apiUrl(endpoints.registryUrl());
        JsonNode all = json.readTree(get(api + "/search/artifacts?limit=1000"));
        // Written by serializers in the tests above: found under the same artifact, as the same content, not as a new version.
        for (String topic : List.of(Topics.ITEMS_ENRICHED, Topics.SIGHTINGS)) {
            ConsumerRecord<byte[], byte[]> avro = readAll(topic, 1).stream()
                    .filter(record -> record.value() != null && record.value().length > 5 && record.value()[0] == 0)
                    .findFirst().orElseThrow();
            assertThat(ids.get(topic)).as(topic).isEqualTo(ByteBuffer.wrap(avro.value(), 1, 4).getInt());
            String artifactId = TopicSchemas.valueArtifactId(topic);
            assertThat(all.path("artifacts").findValues("id")).map(JsonNode::asText).filteredOn(artifactId::equals).hasSize(1);
            JsonNode versions = json.readTree(get(api + "/groups/default/artifacts/" + artifactId + "/versions"));
            assertThat(versions.path("count").asInt()).as(artifactId + " versions").isEqualTo(1);
        }
    }

    @Test
    @Order(8)
    void aSinkTaskThatFailedIsRestartedAndGoesOnOnceTheCauseIsGone() throws Exception {
        ConnectRestClient connect = new ConnectRestClient(endpoints.connectUrl());
        String sink = new ItemsSinkConfig(Map.of(JdbcSinkConfig.JDBC_URL, endpoints.jdbcUrl(),
                JdbcSinkConfig.REGISTRY_URL, endpoints.registryUrl())).connectorName();
        List<String> before = titles();
        // Debezium's sink fails its task when the table is gone (and it may not create it): Connect never restarts it.
        execute("ALTER TABLE items RENAME TO items_away");
        try {
            produce(List.of(item("item-f", "While the table was away", DISCOVERED, List.of())));
            await().atMost(ARRIVAL).pollInterval(Duration.ofMillis(200))
                    .until(() -> connect.status(sink).failures(), failures -> !failures.isEmpty());
            System.out.println("Failed as expected: " + connect.status(sink).failures());
        } finally {
            execute("ALTER TABLE items_away RENAME TO items");
        }
        await().atMost(ARRIVAL).untilAsserted(() -> assertThat(titles()).contains("item-f=While the table was away"));
        assertThat(connect.status(sink).isRunning()).isTrue();
        List<String> expected = new ArrayList<>(before);
        expected.add("item-f=While the table was away");
        assertThat(titles()).containsExactlyInAnyOrderElementsOf(expected);
    }

    /**
     * Each limit of a PostgreSQL type the items rows use, broken by one record amid good ones:
     * timestamptz beyond year 294276, a NUL byte in text and in a text[]
     * element, a JSON NUL escape in jsonb, and a freshness too large for the generated interval
     * column. The database refuses each; every good record is stored, and each refused one is on
     * the dead-letter topic with the database's reason, instead of failing the sink forever.
     */
    @Test
    @Order(9)
    void aRecordTheDatabaseRefusesIsDeadLetteredAndTheRestOfItsBatchIsStored() throws Exception {
        Instant farFuture = Instant.parse("+300000-01-01T00:00:00Z");
        Instant pastTheLastDay = Instant.parse("+294277-01-01T00:00:00Z");
        Map<String, EnrichedItem> poison = new LinkedHashMap<>();
        poison.put("limit-published", item("limit-published", "Far future", farFuture, List.of()));
        poison.put("limit-modified", EnrichedItem.newBuilder(item("limit-modified", "Modified too late", null, List.of()))
                .setDateModified(pastTheLastDay).build());
        poison.put("limit-nul-text", item("limit-nul-text", "NUL \u0000 in a title", DISCOVERED, List.of()));
        poison.put("limit-nul-tag", item("limit-nul-tag", "NUL in a tag", DISCOVERED, List.of("a\u0000b")));
        poison.put("limit-jsonb", EnrichedItem.newBuilder(item("limit-jsonb", "NUL in JSON", DISCOVERED, List.of()))
                .setDetailFields("{\"score\":\"\\u0000\"}").build());
        poison.put("limit-interval", EnrichedItem.newBuilder(item("limit-interval", "Endless freshness", DISCOVERED, List.of()))
                .setFreshnessMs(Long.MAX_VALUE).build());
        List<EnrichedItem> batch = new ArrayList<>();
        for (EnrichedItem bad : poison.values()) {
            String good = "limit-good-" + batch.size();
            batch.add(item(good, "Good " + good, DISCOVERED, List.of("ok")));
            batch.add(bad);
        }
        batch.add(item("limit-good-last", "Good last", DISCOVERED, List.of("ok")));

        produce(batch);

        List<String> good = batch.stream().map(EnrichedItem::getItemId).filter(id -> !poison.containsKey(id)).toList();
        await().atMost(ARRIVAL).untilAsserted(() -> assertThat(titles()).map(t -> t.substring(0, t.indexOf('=')))
                .containsAll(good).doesNotContainAnyElementsOf(poison.keySet()));
        Map<String, String> reasons = new HashMap<>();
        long end = System.nanoTime() + ARRIVAL.toNanos();
        while (!reasons.keySet().containsAll(poison.keySet()) && System.nanoTime() < end) {
            for (ConsumerRecord<byte[], byte[]> letter : readAll(Topics.ITEMS_ENRICHED + ".dlq", 1 + poison.size())) {
                var message = letter.headers().lastHeader("__connect.errors.exception.message");
                reasons.put(new String(letter.key(), StandardCharsets.UTF_8),
                        message == null ? "" : new String(message.value(), StandardCharsets.UTF_8));
            }
        }
        System.out.println("Refused by the database: " + reasons);
        assertThat(reasons).containsKeys(poison.keySet().toArray(String[]::new));
        assertThat(new ConnectRestClient(endpoints.connectUrl()).status(new ItemsSinkConfig(Map.of(JdbcSinkConfig.JDBC_URL,
                endpoints.jdbcUrl(), JdbcSinkConfig.REGISTRY_URL, endpoints.registryUrl())).connectorName()).isRunning()).isTrue();
        assertThat(count("SELECT count(*) FROM items WHERE item_id LIKE 'limit-%'")).isEqualTo(good.size());
    }

    /** Issue 12 §7: no local user logs in to the database without the password kept in the data dir. */
    @Test
    @Order(10)
    void theDatabaseAsksEveryLoginForAPasswordAndItsApplicationUserIsNoSuperuser() throws Exception {
        String postgres = endpoints.jdbcUrl().replaceFirst("/[^/]*$", "/postgres");
        assertThatThrownBy(() -> DriverManager.getConnection(postgres, "postgres", "").close())
                .isInstanceOf(SQLException.class).hasMessageContaining("password");
        assertThatThrownBy(() -> DriverManager.getConnection(postgres, "postgres", "postgres").close())
                .isInstanceOf(SQLException.class).hasMessageContaining("password authentication failed");
        assertThatThrownBy(() -> DriverManager.getConnection(endpoints.jdbcUrl(), endpoints.jdbcUser(), "miner").close())
                .isInstanceOf(SQLException.class).hasMessageContaining("password authentication failed");
        assertThat(endpoints.jdbcPassword()).as("generated, not a well-known default").hasSizeGreaterThanOrEqualTo(32);

        try (Connection db = database(); Statement statement = db.createStatement()) {
            try (ResultSet role = statement.executeQuery(
                    "SELECT rolsuper, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = current_user")) {
                assertThat(role.next()).isTrue();
                assertThat(List.of(role.getBoolean(1), role.getBoolean(2), role.getBoolean(3))).containsOnly(false);
            }
            assertThatThrownBy(() -> statement.execute("COPY (SELECT 1) TO PROGRAM 'true'"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("pg_execute_server_program");
        }

        Path pgpass = endpoints.dataDir().resolve(PgPassFile.FILE_NAME);
        assertThat(Files.getPosixFilePermissions(pgpass)).containsExactlyInAnyOrder(
                PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(Files.readString(pgpass)).endsWith(":" + endpoints.jdbcUser() + ":" + endpoints.jdbcPassword() + "\n");
        assertThat(Files.getPosixFilePermissions(endpoints.dataDir().resolve(StackState.FILE_NAME))).containsExactlyInAnyOrder(
                PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    }

    /** Issue 12 §7: Connect's REST API asks for the stack's login, and no connector may give its clients another login. */
    @Test
    @Order(11)
    void connectAsksForTheStacksLoginAndNoConnectorMayOverrideAClientLogin() throws Exception {
        String plain = UrlLogin.strip(endpoints.connectUrl());
        assertThat(plain).isNotEqualTo(endpoints.connectUrl());
        HttpClient http = HttpClient.newHttpClient();
        assertThat(http.send(HttpRequest.newBuilder(URI.create(plain + "/connectors")).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode()).isEqualTo(401);
        String wrong = new UrlLogin(EmbeddedStack.CONNECT_USER, "guess").basicAuthorization();
        assertThat(http.send(HttpRequest.newBuilder(URI.create(plain + "/connectors")).header("Authorization", wrong).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
        String right = UrlLogin.of(endpoints.connectUrl()).orElseThrow().basicAuthorization();
        assertThat(http.send(HttpRequest.newBuilder(URI.create(plain + "/connectors")).header("Authorization", right).build(),
                HttpResponse.BodyHandlers.ofString()).body()).contains("miner-items-sink");

        ConnectRestClient connect = new ConnectRestClient(endpoints.connectUrl());
        Map<String, String> hostile = new HashMap<>(new UpsertSinkConnector(new ItemsSinkConfig(Map.of(JdbcSinkConfig.JDBC_URL,
                endpoints.jdbcUrl(), JdbcSinkConfig.REGISTRY_URL, endpoints.registryUrl()))).config());
        hostile.put("name", "hostile-sink");
        hostile.put("consumer.override.sasl.jaas.config", "com.sun.security.auth.module.JndiLoginModule required;");
        assertThatThrownBy(() -> connect.putConnector("hostile-sink", hostile, Duration.ofSeconds(30)))
                .hasMessageContaining("sasl.jaas.config");
        String password = UrlLogin.of(endpoints.connectUrl()).orElseThrow().password();
        assertThat(SHOWN_ADDRESSES).as("addresses shown while starting").isNotEmpty().noneMatch(shown -> shown.contains(password));
        assertThat(Files.getPosixFilePermissions(endpoints.dataDir().resolve(EmbeddedStack.CONNECT_LOGINS_FILE)))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    }

    private static void execute(String sql) throws SQLException {
        try (Connection db = database(); Statement statement = db.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String get(String url) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(url + ": " + response.body()).isEqualTo(200);
        return response.body();
    }

    private static void produce(List<EnrichedItem> items) throws Exception {
        produce(Topics.ITEMS_ENRICHED, items);
    }

    private static <T extends SpecificRecord> void produce(String topic, List<T> records) throws Exception {
        AvroKafkaSerializer<T> serializer = new AvroKafkaSerializer<>();
        serializer.configure(RegistrySerdes.settings(endpoints.registryUrl()), false);
        try (KafkaProducer<String, T> producer = new KafkaProducer<>(
                endpoints.kafkaClients().producer("embedded-stack-it"), new StringSerializer(), serializer)) {
            for (T record : records) {
                // Sent one by one, in order: the same item id twice must end with the second.
                // Field 0 is the item id, the key, in every record we produce.
                producer.send(new ProducerRecord<>(topic, record.get(0).toString(), record)).get();
            }
        }
    }

    private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int atLeast) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        Map<String, Object> settings = endpoints.kafkaClients().consumer("embedded-stack-it-" + topic, "embedded-stack-it");
        settings.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer");
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(settings, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long end = System.nanoTime() + ARRIVAL.toNanos();
            while (records.size() < atLeast && System.nanoTime() < end) {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
        }
        return records;
    }

    private static List<String> titles() throws SQLException {
        List<String> titles = new ArrayList<>();
        try (Connection db = database();
             ResultSet rows = db.createStatement().executeQuery("SELECT item_id, title FROM items ORDER BY item_id")) {
            while (rows.next()) {
                titles.add(rows.getString(1) + "=" + rows.getString(2));
            }
        }
        return titles;
    }

    private static List<String> tags(Array array) throws SQLException {
        return List.of((String[]) array.getArray());
    }

    private static Connection database() throws SQLException {
        return DriverManager.getConnection(endpoints.jdbcUrl(), endpoints.jdbcUser(), endpoints.jdbcPassword());
    }

    /** Resident memory of this JVM (Kafka, Connect) and of its children (registry JVM, PostgreSQL). */
    private static void printMemory() {
        long self = rssKb(ProcessHandle.current().pid());
        long children = ProcessHandle.current().descendants().mapToLong(process -> rssKb(process.pid())).sum();
        System.out.printf("RSS: this JVM %d MB, child processes %d MB%n", self / 1024, children / 1024);
    }

    private static long rssKb(long pid) {
        try (Stream<String> lines = Files.lines(Path.of("/proc", String.valueOf(pid), "status"))) {
            return lines.filter(line -> line.startsWith("VmRSS:"))
                    .mapToLong(line -> Long.parseLong(line.replaceAll("\\D", "")))
                    .findFirst().orElse(0);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
