package io.realtimeminer.fetcher.extract;

import com.fasterxml.jackson.databind.JsonNode;
import io.realtimeminer.template.DetailStep;
import io.realtimeminer.template.FieldRule;
import io.realtimeminer.template.SourceKind;
import io.realtimeminer.template.SourceTemplate;

import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * A template's {@code detail} step: which URL completes an item, and what its document adds. The
 * document's kind is the step's own, so a JSON API may list items whose pages are HTML.
 */
final class DetailCompletion {

    private DetailCompletion() {
    }

    /** The item with the detail URL its template asks for (resolved against the source URL), if any. */
    static ExtractedItem withDetailUrl(SourceTemplate template, ExtractedItem item) {
        if (template.detail() == null) {
            return item;
        }
        String url = template.detail().urlFor(item.url(), item.sourceItemId());
        return url == null ? item : item.withDetailUrl(Text.absolute(template.url(), url));
    }

    /**
     * The item with every field the detail document has replacing the listed one, and the fields
     * the step names besides the item's own as the item's {@link ExtractedItem#fields()}. The id
     * stays the list's: the item passed dedupe under it, and a new id would make it new again.
     */
    static ExtractedItem complete(DetailStep detail, ExtractedItem item, byte[] body, String contentType, URI url)
            throws ExtractionException {
        FieldValues values;
        // The poller shows no warnings; a bad value of a detail document is left out like a bad date.
        Warnings warnings = new Warnings();
        if (detail.kind() == SourceKind.JSON) {
            JsonNode root = JsonExtractor.parse(body);
            values = new JsonFields(detail.fields()).read(root, url, warnings);
        } else {
            values = HtmlFields.read(HtmlExtractor.parse(body, contentType, url), detail.fields());
        }
        Instant published = values.published(detail.fields().get(FieldRule.PUBLISHED), warnings);
        return new ExtractedItem(
                item.sourceItemId(),
                or(values.get(FieldRule.LINK), item.url()),
                or(values.get(FieldRule.TITLE), item.title()),
                or(values.get(FieldRule.SUMMARY), item.summary()),
                or(values.get(FieldRule.AUTHOR), item.author()),
                published != null ? published : item.publishedAt(),
                item.detailUrl(),
                extraFields(values));
    }

    /** The values of the fields a detail step names besides the item's own (e.g. a score). */
    private static Map<String, String> extraFields(FieldValues values) {
        Map<String, String> extra = new TreeMap<>(values.values());
        extra.keySet().removeAll(FieldRule.NAMES);
        return extra;
    }

    private static String or(String detail, String listed) {
        return detail != null ? detail : listed;
    }
}
