package io.realtimeminer.fetcher.extract;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads JSON Feed 1 and 1.1 (https://jsonfeed.org), which ROME does not know: a feed source may
 * serve it instead of RSS or Atom, and is told apart by its content.
 */
final class JsonFeedReader {

    private static final String VERSION_PREFIX = "https://jsonfeed.org/version/";

    private JsonFeedReader() {
    }

    /** Whether the document is JSON rather than XML: its first character after a BOM and whitespace is '{'. */
    static boolean isJson(byte[] body) {
        int i = body.length >= 3 && (body[0] & 0xff) == 0xEF && (body[1] & 0xff) == 0xBB && (body[2] & 0xff) == 0xBF ? 3 : 0;
        while (i < body.length && Character.isWhitespace(body[i])) {
            i++;
        }
        return i < body.length && body[i] == '{';
    }

    static Extraction read(byte[] body, URI baseUrl) throws ExtractionException {
        JsonNode feed = JsonExtractor.parse(body);
        if (!feed.path("version").asText("").startsWith(VERSION_PREFIX)) {
            throw new ExtractionException("a JSON document that is not a JSON Feed (its version is not " + VERSION_PREFIX + "...)", null);
        }
        String feedAuthor = author(feed);
        Warnings warnings = new Warnings();
        List<ExtractedItem> items = new ArrayList<>();
        for (JsonNode entry : feed.path("items")) {
            String link = Text.absolute(baseUrl, text(entry, "url") != null ? text(entry, "url") : text(entry, "external_url"));
            String id = text(entry, "id");
            String title = Text.plain(text(entry, "title"));
            if (id == null && link == null && title == null) {
                warnings.count(FieldValues.SKIPPED);
                continue;
            }
            String date = text(entry, "date_published") != null ? text(entry, "date_published") : text(entry, "date_modified");
            String author = author(entry);
            items.add(new ExtractedItem(
                    id != null ? id : CanonicalLink.of(link),
                    link,
                    title,
                    Text.plain(firstOf(entry, "summary", "content_text", "content_html")),
                    author != null ? author : feedAuthor,
                    PublishedDates.parse(date, null).orElse(null)));
        }
        return new Extraction(items, warnings.toList());
    }

    /** The first author's name: {@code authors} (1.1) before the deprecated {@code author} (1.0). */
    private static String author(JsonNode node) {
        for (JsonNode author : node.path("authors")) {
            if (text(author, "name") != null) {
                return Text.plain(text(author, "name"));
            }
        }
        return Text.plain(text(node.path("author"), "name"));
    }

    private static String firstOf(JsonNode node, String... members) {
        for (String member : members) {
            if (text(node, member) != null) {
                return text(node, member);
            }
        }
        return null;
    }

    /** A member's text (ids may be numbers in the wild, though the spec says strings); null when absent or blank. */
    private static String text(JsonNode node, String member) {
        JsonNode value = node.get(member);
        return value == null || !value.isValueNode() || value.isNull() ? null : Text.collapse(value.asText());
    }
}
