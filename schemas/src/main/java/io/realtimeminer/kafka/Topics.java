package io.realtimeminer.kafka;

/** Names of every topic the pipeline reads or writes, in one place. */
public final class Topics {

    /** Compacted; key = source id, value = template JSON, tombstone = delete the source. */
    public static final String TEMPLATES = "miner.templates";
    /**
     * Compacted; key = source id, value = Avro {@code SourceFetchState} (validators, recently sent
     * item ids, backoff) of the fetcher that owns the source, tombstone = the source was deleted.
     * Each state is written to the partition number of its source's template, so whoever owns
     * template partition p restores its sources from state partition p.
     */
    public static final String FETCH_STATE = "miner.fetch.state";
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
    /**
     * What the detail fetchers read on the page of each item of {@link #ITEMS_NEW} (Avro
     * {@code ItemDetails}); key = item id, with as many partitions as {@link #ITEMS_NEW} (the
     * enrichment topology joins the two by partition).
     */
    public static final String ITEMS_DETAILS = "miner.items.details";
    /** New items with their source's metadata (Avro {@code EnrichedItem}); key = item id. */
    public static final String ITEMS_ENRICHED = "miner.items.enriched";

    /**
     * Compacted; key = source id, value = Avro {@code SourceStatus}: what the last poll of the
     * source did, written by its owner; tombstone = the source was deleted.
     */
    public static final String SOURCE_STATUS = "miner.source.status";
    /**
     * Compacted; key = instance id, value = Avro {@code InstanceStatus}: every running instance's
     * heartbeat; tombstone = the instance stopped cleanly.
     */
    public static final String INSTANCES = "miner.instances";
    /**
     * Key = source id, value = Avro {@code SourceCommand}: requests for the owner of a source (poll
     * it now), written by the HTTP API. As many partitions as {@link #TEMPLATES}, so that the owner
     * of template partition p reads command partition p; kept a day.
     */
    public static final String COMMANDS = "miner.commands";
    /**
     * Compacted; key = a dead letter's {@code topic-partition@offset}, value = Avro
     * {@code DeadLetterReplay}: which parked records were published again, when, by whom, and where.
     */
    public static final String DEAD_LETTER_REPLAYS = "miner.dead-letters.replays";
    /** Header of the templates' dead letters naming the record they were ({@code topic-partition@offset}). */
    public static final String ORIGIN_HEADER = "miner.origin";
    /** Header naming the dead letter ({@code topic-partition@offset}) a replayed record is a copy of. */
    public static final String REPLAYED_FROM_HEADER = "miner.replayed-from";

    /** Header carrying a human-readable error on dead-letter records. */
    public static final String ERROR_HEADER = "miner.error";

    private Topics() {
    }
}
