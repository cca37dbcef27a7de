package io.realtimeminer.template;

import java.util.Map;

/**
 * How to find the items of an html or json document (and, for hackernews sources, only how many).
 *
 * @param items  CSS selector (html) or JsonPath (json) of the item list; null for hackernews
 * @param fields item field name (see {@link FieldRule#NAMES}) to its rule
 * @param limit  at most this many items per poll, in document order
 */
public record ExtractionRules(String items, Map<String, FieldRule> fields, int limit) {

    /** Items read per poll when a template sets no limit. */
    public static final int DEFAULT_LIMIT = 100;
    /** The largest limit a template may set: more items than this per poll is not a list page but an archive. */
    public static final int MAX_LIMIT = 1000;

    public ExtractionRules {
        fields = Map.copyOf(fields);
    }

    /** The limit of {@code rules}, or {@link #DEFAULT_LIMIT} when a template has none. */
    public static int limitOf(ExtractionRules rules) {
        return rules == null ? DEFAULT_LIMIT : rules.limit();
    }
}
