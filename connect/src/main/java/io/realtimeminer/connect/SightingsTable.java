package io.realtimeminer.connect;

/**
 * The {@code sightings} table the sightings sink writes (one row per source's sighting of a story),
 * and the {@code stories} view over it (one row per story, with who carried it and who was first).
 * Both come from the migrations at {@link ItemsTable#MIGRATIONS}.
 */
public final class SightingsTable {

    public static final String NAME = "sightings";
    public static final String PRIMARY_KEY = "item_id";
    public static final String STORIES_VIEW = "stories";

    private SightingsTable() {
    }
}
