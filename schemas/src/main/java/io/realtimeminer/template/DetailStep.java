package io.realtimeminer.template;

import java.util.Map;

/**
 * An optional second fetch of each new item's own page, for more fields than the list shows. Done
 * only for items that passed dedupe.
 *
 * @param kind   html or json
 * @param url    the URL to fetch, with {@code {link}} and {@code {id}} placeholders; null means the item's link
 * @param fields field name to its rule on the detail document
 */
public record DetailStep(SourceKind kind, String url, Map<String, FieldRule> fields) {

    public DetailStep {
        fields = Map.copyOf(fields);
    }
}
