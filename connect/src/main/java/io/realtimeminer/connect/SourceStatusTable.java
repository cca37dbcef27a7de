package io.realtimeminer.connect;

/**
 * The {@code source_status} table the status sink writes (one row per source: its last poll), and
 * the {@code source_health} view over it (each source's state: ok, failing, late or silent). Both
 * come from the migrations at {@link ItemsTable#MIGRATIONS}.
 */
public final class SourceStatusTable {

    public static final String NAME = "source_status";
    public static final String PRIMARY_KEY = "source_id";
    public static final String HEALTH_VIEW = "source_health";

    private SourceStatusTable() {
    }
}
