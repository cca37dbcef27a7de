package io.realtimeminer.template;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A validated source description, as produced by {@link TemplateParser} from a JSON value on the
 * templates topic.
 *
 * @param id       the source id, equal to the record key
 * @param name     a human-readable name (defaults to the id)
 * @param url      the absolute http(s) URL to poll
 * @param kind     how items are extracted
 * @param interval time between two polls
 * @param active   false pauses polling without deleting the source
 * @param tags     labels copied onto every item of this source
 * @param headers  extra request headers
 * @param cron     a cron schedule that replaces the interval (nullable), parsed once by the template parser
 * @param pools    the pools of instances that may poll this source, in order of preference: the
 *                 first polls it; the next takes over while no instance of those before it is
 *                 alive (see {@code pool.failover.ms}); never empty
 * @param emit     which items are sent on
 * @param extract  item rules of html and json sources (null for other kinds)
 * @param detail   an optional fetch of each new item's detail document, completing the item before dedupe (nullable)
 * @param pageDetails fetch each new item's own page after dedupe for its metadata (OpenGraph, JSON-LD, ...)
 * @param freshness how fresh its items should be found, for a source polled adaptively; null for one polled
 *                  at its interval (or cron turns). The interval of an adaptive source is the one it is polled
 *                  at until its habits are learned
 */
public record SourceTemplate(
        String id,
        String name,
        URI url,
        SourceKind kind,
        Duration interval,
        boolean active,
        List<String> tags,
        Map<String, String> headers,
        CronSchedule cron,
        List<String> pools,
        EmitMode emit,
        ExtractionRules extract,
        DetailStep detail,
        boolean pageDetails,
        FreshnessTarget freshness) {

    /** The pool of sources whose template names none. */
    public static final String DEFAULT_POOL = "default";

    public SourceTemplate {
        tags = List.copyOf(tags);
        headers = Map.copyOf(headers);
        pools = pools == null || pools.isEmpty() ? List.of(DEFAULT_POOL) : List.copyOf(pools);
        emit = emit == null ? EmitMode.NEW : emit;
    }

    /** A template polled at its interval or cron turns (no {@code freshness} target). */
    public SourceTemplate(String id, String name, URI url, SourceKind kind, Duration interval, boolean active,
                          List<String> tags, Map<String, String> headers, CronSchedule cron, List<String> pools, EmitMode emit,
                          ExtractionRules extract, DetailStep detail, boolean pageDetails) {
        this(id, name, url, kind, interval, active, tags, headers, cron, pools, emit, extract, detail, pageDetails, null);
    }

    /** A template of one pool that wants its items' page details (template member {@code page_details} absent). */
    public SourceTemplate(String id, String name, URI url, SourceKind kind, Duration interval, boolean active,
                          List<String> tags, Map<String, String> headers, CronSchedule cron, String pool, EmitMode emit,
                          ExtractionRules extract, DetailStep detail) {
        this(id, name, url, kind, interval, active, tags, headers, cron, pool == null || pool.isBlank() ? null : List.of(pool), emit,
                extract, detail, true);
    }

    /** A template with no cron, the default pool, {@link EmitMode#NEW}, and no extraction rules or detail step. */
    public SourceTemplate(String id, String name, URI url, SourceKind kind, Duration interval, boolean active,
                          List<String> tags, Map<String, String> headers) {
        this(id, name, url, kind, interval, active, tags, headers, null, List.of(DEFAULT_POOL), EmitMode.NEW, null, null, true);
    }

    /** The pool it prefers: the one whose instances poll it while any is alive. */
    public String pool() {
        return pools.get(0);
    }

    /** Whether instances of {@code pool} may poll it (as its first choice or as a fallback). */
    public boolean inPool(String pool) {
        return pools.contains(pool);
    }

    /** Whether it is polled adaptively, to a {@link #freshness} target. */
    public boolean adaptive() {
        return freshness != null;
    }

    public String host() {
        return url.getHost();
    }
}
