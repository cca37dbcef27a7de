package io.realtimeminer.template;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;

/** Reads a template's {@code extract} and {@code detail} members, which depend on its kind. */
final class ExtractionRulesParser {

    private static final List<String> EXTRACT_MEMBERS = List.of("items", "fields", "limit");
    private static final List<String> DETAIL_MEMBERS = List.of("kind", "url", "fields");

    private final Violations violations;
    private final FieldRulesParser fields;

    ExtractionRulesParser(Violations violations) {
        this.violations = violations;
        this.fields = new FieldRulesParser(violations);
    }

    /**
     * The rules of {@code $.extract}; for feeds and hackernews sources only a {@code limit} (their
     * format says where items are), null when they set none.
     */
    ExtractionRules extract(JsonNode root, SourceKind kind) {
        JsonNode extract = root.get("extract");
        boolean absent = extract == null || extract.isNull();
        if (kind == null) {
            return null;
        }
        switch (kind) {
            case FEED, HACKERNEWS -> {
                if (absent || !isObject(extract, "$.extract")) {
                    return null;
                }
                violations.rejectUnknownMembers(extract, "$.extract", List.of("limit"));
                return new ExtractionRules(null, Map.of(), limit(extract));
            }
            default -> {
                if (absent) {
                    violations.add("$.extract", "is required for " + kind.wireName() + " sources (items and fields)");
                    return null;
                }
                if (!isObject(extract, "$.extract")) {
                    return null;
                }
                return listRules(extract, kind);
            }
        }
    }

    private ExtractionRules listRules(JsonNode extract, SourceKind kind) {
        violations.rejectUnknownMembers(extract, "$.extract", EXTRACT_MEMBERS);
        String items = violations.requiredText(extract, "items", "$.extract.items");
        if (items != null) {
            (kind == SourceKind.HTML ? SelectorSyntax.cssProblem(items) : SelectorSyntax.jsonPathProblem(items))
                    .ifPresent(problem -> violations.add("$.extract.items", problem));
        }
        Map<String, FieldRule> rules = Map.of();
        JsonNode fieldsNode = extract.get("fields");
        if (fieldsNode == null || fieldsNode.isNull()) {
            violations.add("$.extract.fields", "is required (at least a title or a link)");
        } else if (isObject(fieldsNode, "$.extract.fields")) {
            rules = fields.parse(fieldsNode, "$.extract.fields", kind);
            if (!fieldsNode.has(FieldRule.TITLE) && !fieldsNode.has(FieldRule.LINK)) {
                violations.add("$.extract.fields", "needs a title or a link");
            }
        }
        return new ExtractionRules(items, rules, limit(extract));
    }

    private int limit(JsonNode extract) {
        JsonNode node = extract.get("limit");
        if (node == null || node.isNull()) {
            return ExtractionRules.DEFAULT_LIMIT;
        }
        if (!node.isIntegralNumber() || node.asLong() < 1 || node.asLong() > ExtractionRules.MAX_LIMIT) {
            violations.add("$.extract.limit", "must be a whole number from 1 to " + ExtractionRules.MAX_LIMIT);
            return ExtractionRules.DEFAULT_LIMIT;
        }
        return node.asInt();
    }

    /** The step of {@code $.detail}; null when the template has none. */
    DetailStep detail(JsonNode root, SourceKind sourceKind) {
        JsonNode detail = root.get("detail");
        if (detail == null || detail.isNull()) {
            return null;
        }
        if (sourceKind == SourceKind.HACKERNEWS) {
            violations.add("$.detail", "hackernews sources fetch each item's JSON already");
            return null;
        }
        if (!isObject(detail, "$.detail")) {
            return null;
        }
        violations.rejectUnknownMembers(detail, "$.detail", DETAIL_MEMBERS);
        SourceKind kind = detailKind(detail);
        String url = violations.optionalText(detail, "url", "$.detail.url");
        if (url != null) {
            checkDetailUrl(url);
        }
        Map<String, FieldRule> rules = Map.of();
        JsonNode fieldsNode = detail.get("fields");
        if (fieldsNode == null || fieldsNode.isNull() || fieldsNode.isObject() && fieldsNode.isEmpty()) {
            violations.add("$.detail.fields", "needs at least one field to read from the detail page");
        } else if (isObject(fieldsNode, "$.detail.fields") && kind != null) {
            rules = fields.parse(fieldsNode, "$.detail.fields", kind, true);
        }
        return kind == null ? null : new DetailStep(kind, url, rules);
    }

    private SourceKind detailKind(JsonNode detail) {
        String text = violations.requiredText(detail, "kind", "$.detail.kind");
        if (text == null) {
            return null;
        }
        if (text.equals(SourceKind.HTML.wireName()) || text.equals(SourceKind.JSON.wireName())) {
            return SourceKind.fromWireName(text).orElseThrow();
        }
        violations.add("$.detail.kind", "must be html or json");
        return null;
    }

    private void checkDetailUrl(String url) {
        Matcher placeholders = DetailStep.PLACEHOLDER.matcher(url);
        while (placeholders.find()) {
            if (!List.of("link", "id").contains(placeholders.group(1))) {
                violations.add("$.detail.url", "unknown placeholder {" + placeholders.group(1) + "} (known: {link}, {id})");
            }
        }
        String example = new DetailStep(SourceKind.HTML, url, Map.of()).urlFor("https://example.org/item/1", "1");
        if (example == null) {
            return;
        }
        try {
            URI uri = new URI(example);
            if (uri.isAbsolute() && !List.of("http", "https").contains(uri.getScheme().toLowerCase(Locale.ROOT))) {
                violations.add("$.detail.url", "must be an http or https URL (relative URLs are resolved against the source URL)");
            }
        } catch (URISyntaxException e) {
            violations.add("$.detail.url", "is not a valid URL: " + e.getMessage());
        }
    }

    private boolean isObject(JsonNode node, String path) {
        if (!node.isObject()) {
            violations.add(path, "must be an object");
            return false;
        }
        return true;
    }
}
