package io.realtimeminer.connect;

/** The {@code items} table the items sink writes, and where the Flyway migrations of every table live on the class path. */
public final class ItemsTable {

    public static final String NAME = "items";
    public static final String PRIMARY_KEY = "item_id";
    /** Flyway location of this module's migrations ({@code src/main/resources/db/migration}), for every table. */
    public static final String MIGRATIONS = "classpath:db/migration";

    private ItemsTable() {
    }
}
