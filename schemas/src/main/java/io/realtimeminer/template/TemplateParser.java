package io.realtimeminer.template;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns a template JSON value into a {@link SourceTemplate}, collecting every violation with the
 * path of the offending field so that the author can fix them all at once.
 */
public final class TemplateParser {

    /** Poll interval when a template names none. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(60);

    private static final Set<String> KNOWN_FIELDS =
            Set.of("id", "name", "url", "kind", "interval", "active", "tags", "headers");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Duration minInterval;

    /** @param minInterval the shortest interval a template may ask for */
    public TemplateParser(Duration minInterval) {
        this.minInterval = minInterval;
    }

    /**
     * Parses the value of one templates-topic record.
     *
     * @param key  the record key: the source id
     * @param json the record value
     * @throws InvalidTemplateException when the value is not a usable template
     */
    public SourceTemplate parse(String key, String json) throws InvalidTemplateException {
        List<TemplateViolation> violations = new ArrayList<>();
        String sourceId = key == null ? "" : key.trim();
        if (sourceId.isEmpty()) {
            violations.add(new TemplateViolation("key", "the record key (source id) is missing"));
        }
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            violations.add(new TemplateViolation("$", "not valid JSON: " + e.getOriginalMessage()));
            throw new InvalidTemplateException(sourceId, violations);
        }
        if (root == null || !root.isObject()) {
            violations.add(new TemplateViolation("$", "must be a JSON object"));
            throw new InvalidTemplateException(sourceId, violations);
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!KNOWN_FIELDS.contains(name)) {
                violations.add(new TemplateViolation("$." + name, "unknown field (known: " + String.join(", ", KNOWN_FIELDS.stream().sorted().toList()) + ")"));
            }
        }

        String id = optionalText(root, "id", violations);
        if (id != null && !id.equals(sourceId)) {
            violations.add(new TemplateViolation("$.id", "'" + id + "' differs from the record key '" + sourceId + "'"));
        }
        String name = optionalText(root, "name", violations);
        URI url = url(root, violations);
        SourceKind kind = kind(root, violations);
        Duration interval = interval(root, violations);
        boolean active = active(root, violations);
        List<String> tags = tags(root, violations);
        Map<String, String> headers = headers(root, violations);

        if (!violations.isEmpty()) {
            throw new InvalidTemplateException(sourceId, violations);
        }
        return new SourceTemplate(sourceId, name == null ? sourceId : name, url, kind, interval, active, tags, headers);
    }

    private static String optionalText(JsonNode root, String field, List<TemplateViolation> violations) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual() || node.asText().isBlank()) {
            violations.add(new TemplateViolation("$." + field, "must be a non-empty string"));
            return null;
        }
        return node.asText().trim();
    }

    private static URI url(JsonNode root, List<TemplateViolation> violations) {
        JsonNode node = root.get("url");
        if (node == null || node.isNull()) {
            violations.add(new TemplateViolation("$.url", "is required"));
            return null;
        }
        if (!node.isTextual()) {
            violations.add(new TemplateViolation("$.url", "must be a string"));
            return null;
        }
        try {
            URI uri = new URI(node.asText().trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                violations.add(new TemplateViolation("$.url", "must be an absolute http or https URL"));
                return null;
            }
            if (uri.getHost() == null || uri.getHost().isEmpty()) {
                violations.add(new TemplateViolation("$.url", "has no host"));
                return null;
            }
            return uri;
        } catch (URISyntaxException e) {
            violations.add(new TemplateViolation("$.url", "is not a valid URL: " + e.getMessage()));
            return null;
        }
    }

    private static SourceKind kind(JsonNode root, List<TemplateViolation> violations) {
        String text = optionalText(root, "kind", violations);
        if (text == null) {
            if (!root.has("kind")) {
                violations.add(new TemplateViolation("$.kind", "is required"));
            }
            return null;
        }
        return SourceKind.fromWireName(text.toLowerCase(Locale.ROOT)).orElseGet(() -> {
            violations.add(new TemplateViolation("$.kind", "unknown kind '" + text + "' (supported: feed)"));
            return null;
        });
    }

    private Duration interval(JsonNode root, List<TemplateViolation> violations) {
        JsonNode node = root.get("interval");
        if (node == null || node.isNull()) {
            return DEFAULT_INTERVAL;
        }
        Duration interval;
        if (node.isNumber()) {
            interval = Duration.ofMillis(Math.round(node.asDouble() * 1000));
        } else if (node.isTextual()) {
            try {
                interval = Duration.parse(node.asText().trim().toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                violations.add(new TemplateViolation("$.interval", "'" + node.asText() + "' is neither an ISO-8601 duration (e.g. PT30S) nor a number of seconds"));
                return null;
            }
        } else {
            violations.add(new TemplateViolation("$.interval", "must be an ISO-8601 duration string or a number of seconds"));
            return null;
        }
        if (interval.compareTo(minInterval) < 0) {
            violations.add(new TemplateViolation("$.interval", interval + " is shorter than the minimum " + minInterval));
            return null;
        }
        return interval;
    }

    private static boolean active(JsonNode root, List<TemplateViolation> violations) {
        JsonNode node = root.get("active");
        if (node == null || node.isNull()) {
            return true;
        }
        if (!node.isBoolean()) {
            violations.add(new TemplateViolation("$.active", "must be true or false"));
            return true;
        }
        return node.asBoolean();
    }

    private static List<String> tags(JsonNode root, List<TemplateViolation> violations) {
        JsonNode node = root.get("tags");
        List<String> tags = new ArrayList<>();
        if (node == null || node.isNull()) {
            return tags;
        }
        if (!node.isArray()) {
            violations.add(new TemplateViolation("$.tags", "must be an array of strings"));
            return tags;
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode tag = node.get(i);
            if (!tag.isTextual() || tag.asText().isBlank()) {
                violations.add(new TemplateViolation("$.tags[" + i + "]", "must be a non-empty string"));
            } else if (!tags.contains(tag.asText().trim())) {
                tags.add(tag.asText().trim());
            }
        }
        return tags;
    }

    private static Map<String, String> headers(JsonNode root, List<TemplateViolation> violations) {
        JsonNode node = root.get("headers");
        Map<String, String> headers = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return headers;
        }
        if (!node.isObject()) {
            violations.add(new TemplateViolation("$.headers", "must be an object of header names to string values"));
            return headers;
        }
        node.fields().forEachRemaining(e -> {
            if (!e.getValue().isTextual()) {
                violations.add(new TemplateViolation("$.headers." + e.getKey(), "must be a string"));
            } else {
                headers.put(e.getKey(), e.getValue().asText());
            }
        });
        return headers;
    }
}
