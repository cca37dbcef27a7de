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
 * @param pool     the pool of instances that polls this source
 * @param emit     which items are sent on
 * @param extract  item rules of html and json sources (null for other kinds)
 * @param detail   an optional fetch of each new item's detail document, completing the item before dedupe (nullable)
 * @param pageDetails fetch each new item's own page after dedupe for its metadata (OpenGraph, JSON-LD, ...)
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
        String pool,
        EmitMode emit,
        ExtractionRules extract,
        DetailStep detail,
        boolean pageDetails) {

    /** The pool of sources whose template names none. */
    public static final String DEFAULT_POOL = "default";

    public SourceTemplate {
        tags = List.copyOf(tags);
        headers = Map.copyOf(headers);
        pool = pool == null || pool.isBlank() ? DEFAULT_POOL : pool;
        emit = emit == null ? EmitMode.NEW : emit;
    }

    /** A template that wants its items' page details (template member {@code page_details} absent). */
    public SourceTemplate(String id, String name, URI url, SourceKind kind, Duration interval, boolean active,
                          List<String> tags, Map<String, String> headers, CronSchedule cron, String pool, EmitMode emit,
                          ExtractionRules extract, DetailStep detail) {
        this(id, name, url, kind, interval, active, tags, headers, cron, pool, emit, extract, detail, true);
    }

    /** A template with no cron, the default pool, {@link EmitMode#NEW}, and no extraction rules or detail step. */
    public SourceTemplate(String id, String name, URI url, SourceKind kind, Duration interval, boolean active,
                          List<String> tags, Map<String, String> headers) {
        this(id, name, url, kind, interval, active, tags, headers, null, DEFAULT_POOL, EmitMode.NEW, null, null, true);
    }

    public String host() {
        return url.getHost();
    }
}
