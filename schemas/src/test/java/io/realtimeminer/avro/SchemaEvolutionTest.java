package io.realtimeminer.avro;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The schemas evolve without breaking a record on a topic: the current version reads every
 * released version's records (BACKWARD) and every released version reads the current one's
 * (FORWARD), checked with Avro's own resolution rules, the ones the registry applies.
 */
class SchemaEvolutionTest {

    static Stream<Arguments> releasedVersions() {
        return Stream.of(
                Arguments.of("v1/RawItem.avsc", RawItem.getClassSchema()),
                Arguments.of("v1/EnrichedItem.avsc", EnrichedItem.getClassSchema()),
                Arguments.of("v2/RawItem.avsc", RawItem.getClassSchema()),
                Arguments.of("v2/EnrichedItem.avsc", EnrichedItem.getClassSchema()),
                Arguments.of("v2/Sighting.avsc", Sighting.getClassSchema()),
                Arguments.of("v3/RawItem.avsc", RawItem.getClassSchema()),
                Arguments.of("v3/EnrichedItem.avsc", EnrichedItem.getClassSchema()),
                Arguments.of("v4/SourceFetchState.avsc", SourceFetchState.getClassSchema()),
                Arguments.of("v5/SourceFetchState.avsc", SourceFetchState.getClassSchema()),
                Arguments.of("v5/SourceStatus.avsc", SourceStatus.getClassSchema()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("releasedVersions")
    void theCurrentSchemaReadsRecordsOfEveryReleasedVersion(String released, Schema current) throws IOException {
        Schema old = released(released);
        assertThat(compatibility(current, old)).isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("releasedVersions")
    void everyReleasedVersionReadsRecordsOfTheCurrentSchema(String released, Schema current) throws IOException {
        Schema old = released(released);
        assertThat(compatibility(old, current)).isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }

    @Test
    void aRawItemWrittenBeforeTheEvolutionReadsWithDefaults() throws IOException {
        Schema v1 = released("v1/RawItem.avsc");
        GenericRecord old = new GenericData.Record(v1);
        old.put("item_id", "s1:00000000000000aa");
        old.put("source_id", "s1");
        old.put("url", "https://example.org/a");
        old.put("discovered_at", Instant.parse("2026-11-23T10:00:00Z").toEpochMilli());

        RawItem read = new SpecificDatumReader<RawItem>(v1, RawItem.getClassSchema())
                .read(null, DecoderFactory.get().binaryDecoder(write(v1, old), null));
        assertThat(read.getItemId()).isEqualTo("s1:00000000000000aa");
        assertThat(read.getCanonicalUrl()).isNull();
        assertThat(read.getStoryId()).isNull();
        assertThat(read.getContentHash()).isNull();
        assertThat(read.getEmitChanges()).isFalse();
    }

    @Test
    void anEnrichedItemWrittenNowReadsWithTheReleasedSchema() throws IOException {
        Schema v1 = released("v1/EnrichedItem.avsc");
        GenericRecord current = new GenericData.Record(EnrichedItem.getClassSchema());
        current.put("item_id", "s1:00000000000000aa");
        current.put("source_id", "s1");
        current.put("discovered_at", 1L);
        current.put("enriched_at", 2L);
        current.put("tags", List.of("news"));
        current.put("canonical_url", "https://example.org/a");
        current.put("story_id", "s1:00000000000000aa");
        current.put("warnings", List.of("published_at +300000-01-01T00:00:00Z is implausible"));

        GenericRecord read = new GenericDatumReader<GenericRecord>(EnrichedItem.getClassSchema(), v1)
                .read(null, DecoderFactory.get().binaryDecoder(write(EnrichedItem.getClassSchema(), current), null));
        assertThat(read.get("item_id").toString()).isEqualTo("s1:00000000000000aa");
        assertThat(read.getSchema().getField("canonical_url")).isNull();
    }

    @Test
    void aRawItemOfAFetcherWithoutPageDetailsReadsAsNotWantingThem() throws IOException {
        Schema v2 = released("v2/RawItem.avsc");
        GenericRecord old = new GenericData.Record(v2);
        old.put("item_id", "s1:00000000000000aa");
        old.put("source_id", "s1");
        old.put("discovered_at", 1L);
        old.put("content_hash", "abc");
        old.put("emit_changes", true);

        RawItem read = new SpecificDatumReader<RawItem>(v2, RawItem.getClassSchema())
                .read(null, DecoderFactory.get().binaryDecoder(write(v2, old), null));
        assertThat(read.getContentHash()).isEqualTo("abc");
        assertThat(read.getPageDetails()).isFalse();
        assertThat(read.getDetailFields()).isEmpty();
    }

    @Test
    void anEnrichedItemWithPageDetailsReadsWithTheSecondRelease() throws IOException {
        Schema v2 = released("v2/EnrichedItem.avsc");
        EnrichedItem current = EnrichedItem.newBuilder()
                .setItemId("s1:00000000000000aa").setSourceId("s1").setDiscoveredAt(Instant.ofEpochMilli(1))
                .setEnrichedAt(Instant.ofEpochMilli(2)).setTags(List.of()).setStoryId("s1:00000000000000aa")
                .setDescription("About it").setLanguage("en").setWordCount(120).setFreshnessMs(60_000L)
                .setDetailFields("{\"score\":\"3\"}").setDetailError(null).build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new org.apache.avro.specific.SpecificDatumWriter<EnrichedItem>(EnrichedItem.getClassSchema()).write(current, encoder);
        encoder.flush();

        GenericRecord read = new GenericDatumReader<GenericRecord>(EnrichedItem.getClassSchema(), v2)
                .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
        assertThat(read.get("story_id").toString()).isEqualTo("s1:00000000000000aa");
        assertThat(read.getSchema().getField("description")).isNull();
    }

    @Test
    void anEnrichedItemOfTheThirdReleaseReadsWithoutWarnings() throws IOException {
        Schema v3 = released("v3/EnrichedItem.avsc");
        GenericRecord old = new GenericData.Record(v3);
        old.put("item_id", "s1:00000000000000aa");
        old.put("source_id", "s1");
        old.put("discovered_at", 1L);
        old.put("enriched_at", 2L);
        old.put("tags", List.of("news"));

        GenericRecord read = new GenericDatumReader<GenericRecord>(v3, EnrichedItem.getClassSchema())
                .read(null, DecoderFactory.get().binaryDecoder(write(v3, old), null));
        assertThat((List<?>) read.get("warnings")).isEmpty();
    }

    @Test
    void theDetailFieldsAreMarkedAsJsonForTheJdbcSink() {
        Schema field = EnrichedItem.getClassSchema().getField("detail_fields").schema().getTypes().get(1);
        assertThat(field.getProp("connect.name")).isEqualTo("io.debezium.data.Json");
    }

    @Test
    void theCheckRefusesABreakingChange() throws IOException {
        // The same evolution with a new field lacking its default cannot read old records: the
        // check must say so, or the tests above prove nothing.
        Schema breaking = withoutDefault(RawItem.getClassSchema(), "emit_changes");
        assertThat(compatibility(breaking, released("v1/RawItem.avsc"))).isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
    }

    private static Schema withoutDefault(Schema schema, String field) {
        List<Schema.Field> fields = schema.getFields().stream()
                .map(f -> f.name().equals(field)
                        ? new Schema.Field(f.name(), f.schema(), f.doc())
                        : new Schema.Field(f, f.schema()))
                .toList();
        return Schema.createRecord(schema.getName(), schema.getDoc(), schema.getNamespace(), false, fields);
    }

    private static SchemaCompatibilityType compatibility(Schema reader, Schema writer) {
        return SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getType();
    }

    static Schema released(String path) throws IOException {
        try (InputStream in = SchemaEvolutionTest.class.getResourceAsStream("/avro-history/" + path)) {
            assertThat(in).as(path).isNotNull();
            return new Schema.Parser().parse(in);
        }
    }

    private static byte[] write(Schema schema, GenericRecord record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}
