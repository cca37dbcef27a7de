package io.realtimeminer.connect;

/** The {@code items} table the sink writes, and where its Flyway migrations live on the class path. */
public final class ItemsTable {

    public static final String NAME = "items";
    /** Flyway location of this module's migrations ({@code src/main/resources/db/migration}). */
    public static final String MIGRATIONS = "classpath:db/migration";

    private ItemsTable() {
    }
}
