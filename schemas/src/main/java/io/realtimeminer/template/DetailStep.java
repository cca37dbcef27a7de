package io.realtimeminer.template;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An optional second fetch of each new item's own page, for more fields than the list shows. Done
 * only for items that passed dedupe.
 *
 * @param kind   html or json
 * @param url    the URL to fetch, with {@code {link}} and {@code {id}} placeholders; null means the item's link
 * @param fields field name to its rule on the detail document
 */
public record DetailStep(SourceKind kind, String url, Map<String, FieldRule> fields) {

    /** The placeholders a detail URL may hold. */
    public static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]*)}");

    public DetailStep {
        fields = Map.copyOf(fields);
    }

    /**
     * The detail URL of one item, possibly relative (to be resolved against the source URL); null
     * when the URL needs a value the item lacks. {@code {link}} is put in as it is, {@code {id}}
     * percent-encoded so that any id is safe in a path or a query.
     */
    public String urlFor(String link, String id) {
        if (url == null) {
            return link;
        }
        Matcher placeholders = PLACEHOLDER.matcher(url);
        StringBuilder result = new StringBuilder();
        while (placeholders.find()) {
            String value = switch (placeholders.group(1)) {
                case "link" -> link;
                case "id" -> id == null ? null : URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
                default -> null;
            };
            if (value == null) {
                return null;
            }
            placeholders.appendReplacement(result, Matcher.quoteReplacement(value));
        }
        placeholders.appendTail(result);
        return result.toString();
    }
}
