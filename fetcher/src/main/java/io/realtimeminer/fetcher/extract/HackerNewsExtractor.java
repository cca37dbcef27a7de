package io.realtimeminer.fetcher.extract;

import com.fasterxml.jackson.databind.JsonNode;
import io.realtimeminer.fetcher.parse.ParseBudget;
import io.realtimeminer.template.ExtractionRules;
import io.realtimeminer.template.SourceTemplate;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Hacker News API: the source URL lists story ids (newest first, e.g. {@code /v0/newstories.json});
 * each id becomes an item to complete from {@code <base>/item/<id>.json}, fetched only for ids not
 * sent before, which keeps a poll to one request when nothing is new.
 */
public final class HackerNewsExtractor implements ItemExtractor {

    /** The page people read an item on, for stories without a link of their own (Ask HN). */
    static final String DISCUSSION_URL = "https://news.ycombinator.com/item?id=";
    /** Item fields kept as the item's detail fields (besides title, url, by, time and text, which are the item's own). */
    static final List<String> DETAIL_FIELDS = List.of("score", "descendants", "type");

    @Override
    public Extraction read(SourceTemplate template, byte[] body, String contentType, URI baseUrl) throws ExtractionException {
        JsonNode ids = JsonExtractor.parse(body);
        if (!ids.isArray()) {
            throw new ExtractionException("not a Hacker News id list (a JSON array of item ids)", null);
        }
        int limit = ExtractionRules.limitOf(template.extract());
        Warnings warnings = new Warnings();
        List<ExtractedItem> items = new ArrayList<>();
        for (JsonNode id : ids) {
            ParseBudget.check();
            if (items.size() == limit) {
                warnings.note(ids.size() + " ids listed; only the first " + limit + " were read (extract.limit)");
                break;
            }
            if (!id.canConvertToLong() && !(id.isTextual() && id.asText().matches("\\d+"))) {
                warnings.count("list value{s} other than item ids skipped", id.toString());
                continue;
            }
            String itemId = id.asText();
            items.add(new ExtractedItem(itemId, null, null, null, null, null, itemUrl(template.url(), itemId)));
        }
        return new Extraction(items, warnings.toList());
    }

    /** {@code https://h/v0/newstories.json} and 42 give {@code https://h/v0/item/42.json}. */
    static String itemUrl(URI listUrl, String id) {
        return listUrl.resolve("item/" + id + ".json").toString();
    }

    /**
     * Reads the item JSON: title, url (the discussion page when it has none), by, time (epoch
     * seconds) and text (HTML, made plain).
     *
     * @return null for a deleted or dead item, or an id the API does not know ({@code null} body):
     *         the poller must drop the item
     */
    @Override
    public ExtractedItem complete(SourceTemplate template, ExtractedItem item, byte[] body, String contentType, URI url)
            throws ExtractionException {
        JsonNode story = JsonExtractor.parse(body);
        if (!story.isObject() || story.path("deleted").asBoolean(false) || story.path("dead").asBoolean(false)) {
            return null;
        }
        String id = story.hasNonNull("id") ? story.get("id").asText() : item.sourceItemId();
        String link = Text.absolute(url, Text.collapse(story.path("url").asText(null)));
        return new ExtractedItem(
                item.sourceItemId() != null ? item.sourceItemId() : id,
                link != null ? link : DISCUSSION_URL + id,
                Text.plain(story.path("title").asText(null)),
                Text.plain(story.path("text").asText(null)),
                Text.collapse(story.path("by").asText(null)),
                story.path("time").canConvertToLong() ? PublishedDates.epochSeconds(story.get("time").asLong()).orElse(null) : null,
                item.detailUrl(),
                counts(story));
    }

    /** The item's score, comment count (descendants) and type, as the API gives them when the story is found. */
    private static Map<String, String> counts(JsonNode story) {
        Map<String, String> fields = new TreeMap<>();
        for (String name : DETAIL_FIELDS) {
            JsonNode value = story.get(name);
            if (value != null && value.isValueNode() && !value.isNull()) {
                fields.put(name, value.asText());
            }
        }
        return fields;
    }
}
