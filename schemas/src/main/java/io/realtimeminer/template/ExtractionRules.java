package io.realtimeminer.template;

import java.util.Map;

/**
 * How to find the items of an html or json document.
 *
 * @param items  CSS selector (html) or JsonPath (json) of the item list
 * @param fields item field name (id, title, link, published, author, summary) to its rule
 * @param limit  at most this many items per poll, in document order
 */
public record ExtractionRules(String items, Map<String, FieldRule> fields, int limit) {

    public ExtractionRules {
        fields = Map.copyOf(fields);
    }
}
