package io.realtimeminer.connect;

import io.realtimeminer.avro.EnrichedItem;
import io.realtimeminer.avro.Sighting;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sinks run with schema.evolution=none, so every field of a record must have its column in our
 * DDL: a field without one would send every record to the dead-letter topic. (The real database
 * check is the stack's EmbeddedStackIT.)
 */
class MigrationsTest {

    @Test
    void everySightingFieldHasAColumn() throws IOException {
        String ddl = migration("V2__sightings.sql");
        for (Schema.Field field : Sighting.getClassSchema().getFields()) {
            assertThat(ddl).as(field.name()).containsPattern("(?m)^\\s+" + field.name() + "\\s");
        }
        assertThat(ddl).contains("CREATE VIEW stories");
    }

    @Test
    void everyEnrichedItemFieldHasAColumn() throws IOException {
        String ddl = migration("V1__items.sql") + migration("V3__items_canonical_url.sql") + migration("V4__item_details.sql")
                + migration("V5__item_warnings.sql");
        for (Schema.Field field : EnrichedItem.getClassSchema().getFields()) {
            assertThat(ddl).as(field.name()).containsPattern("(?m)(^\\s+|ADD COLUMN )" + field.name() + "\\s");
        }
    }

    private static String migration(String name) throws IOException {
        try (InputStream in = MigrationsTest.class.getResourceAsStream("/db/migration/" + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replaceAll("(?m)--.*$", "").toLowerCase(Locale.ROOT)
                    .replace("create view", "CREATE VIEW").replace("add column", "ADD COLUMN");
        }
    }
}
