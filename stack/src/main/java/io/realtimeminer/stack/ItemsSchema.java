package io.realtimeminer.stack;

import io.realtimeminer.connect.ItemsTable;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/** Brings a database's tables (items, sightings, the stories view) to the connect module's latest migration (Flyway). */
public final class ItemsSchema {

    private ItemsSchema() {
    }

    /** Applies the pending migrations; returns how many there were. */
    public static int migrate(String jdbcUrl, String user, String password) {
        MigrateResult result = Flyway.configure(ItemsSchema.class.getClassLoader())
                .dataSource(jdbcUrl, user, password)
                .locations(ItemsTable.MIGRATIONS)
                .load()
                .migrate();
        return result.migrationsExecuted;
    }
}
