package io.realtimeminer.fetcher.extract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import io.realtimeminer.fetcher.parse.ParseBudget;
import io.realtimeminer.template.ExtractionRules;
import io.realtimeminer.template.SourceTemplate;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Extracts items from a JSON API response: the template's {@code items} JsonPath finds the item
 * list (or a single object, which is one item), and each field's JsonPath is read on each item.
 */
public final class JsonExtractor implements ItemExtractor {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public Extraction read(SourceTemplate template, byte[] body, String contentType, URI baseUrl) throws ExtractionException {
        ExtractionRules rules = template.extract();
        if (rules == null || rules.items() == null) {
            throw new ExtractionException("template '" + template.id() + "' has no extraction rules for json", null);
        }
        JsonNode root = parse(body);
        List<JsonNode> found;
        JsonFields fields;
        try {
            found = elements(JsonPath.compile(rules.items()).read(root, JsonFields.JSON_PATH));
            fields = new JsonFields(rules.fields());
        } catch (InvalidPathException e) {
            throw new ExtractionException("template '" + template.id() + "': " + e.getMessage(), e);
        }
        Warnings warnings = new Warnings();
        if (found.isEmpty()) {
            warnings.note("the items path '" + rules.items() + "' found nothing");
        } else if (found.size() > rules.limit()) {
            warnings.note(found.size() + " items found; only the first " + rules.limit() + " were read (extract.limit)");
        }
        List<ExtractedItem> items = new ArrayList<>();
        for (JsonNode node : found.subList(0, Math.min(found.size(), rules.limit()))) {
            ParseBudget.check();
            ExtractedItem item = fields.read(node, baseUrl, warnings).toItem(rules.fields(), warnings);
            if (item != null) {
                items.add(DetailCompletion.withDetailUrl(template, item));
            }
        }
        return new Extraction(items, warnings.toList());
    }

    /** The items a path found: the elements of an array, or the one object or value it found. */
    private static List<JsonNode> elements(Object found) {
        List<JsonNode> elements = new ArrayList<>();
        if (found instanceof JsonNode node && !node.isNull() && !node.isMissingNode()) {
            if (node.isArray()) {
                node.forEach(elements::add);
            } else {
                elements.add(node);
            }
        }
        return elements;
    }

    /** The document as a tree; Jackson detects UTF-8, UTF-16 and UTF-32 from the bytes, as RFC 8259 allows. */
    static JsonNode parse(byte[] body) throws ExtractionException {
        try {
            JsonNode root = JSON.readTree(body);
            if (root == null || root.isMissingNode()) {
                throw new ExtractionException("empty JSON document", null);
            }
            return root;
        } catch (IOException e) {
            throw new ExtractionException("not a readable JSON document: " + e.getMessage(), e);
        }
    }
}
