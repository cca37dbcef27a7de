package io.realtimeminer.kafka;

/** Names of every topic the pipeline reads or writes, in one place. */
public final class Topics {

    /** Compacted; key = source id, value = template JSON, tombstone = delete the source. */
    public static final String TEMPLATES = "miner.templates";
    /** Templates that failed validation, with the reason in the {@value #ERROR_HEADER} header. */
    public static final String TEMPLATES_DLQ = "miner.templates.dlq";
    /** Every item a fetcher found (Avro {@code RawItem}); key = item id. */
    public static final String ITEMS_RAW = "miner.items.raw";
    /**
     * The first item of every story (Avro {@code RawItem} with {@code canonical_url} and
     * {@code story_id} set), and its updates in emit mode "changes"; key = item id.
     */
    public static final String ITEMS_NEW = "miner.items.new";
    /**
     * Every source's first sighting of every story, the story's own item included (Avro
     * {@code Sighting}); key = item id.
     */
    public static final String SIGHTINGS = "miner.sightings";
    /** New items with their source's metadata (Avro {@code EnrichedItem}); key = item id. */
    public static final String ITEMS_ENRICHED = "miner.items.enriched";

    /** Header carrying a human-readable error on dead-letter records. */
    public static final String ERROR_HEADER = "miner.error";

    private Topics() {
    }
}
