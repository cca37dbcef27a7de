package io.realtimeminer.fetcher.extract;

import com.fasterxml.jackson.databind.JsonNode;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.Option;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;
import io.realtimeminer.template.FieldRule;

import java.net.URI;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads field rules on a JSON item with JsonPath. Values that may hold markup or entities (APIs
 * often send HTML) become plain text; links are made absolute against the document URL; numbers
 * are kept exact, as epoch dates need.
 */
final class JsonFields {

    /** JsonPath over Jackson trees; a path that finds nothing yields null instead of an exception. */
    static final Configuration JSON_PATH = Configuration.builder()
            .jsonProvider(new JacksonJsonNodeJsonProvider())
            .mappingProvider(new JacksonMappingProvider())
            .options(Option.SUPPRESS_EXCEPTIONS)
            .build();

    private final Map<String, JsonPath> paths = new LinkedHashMap<>();

    /** Compiles the paths once per document rather than once per item. */
    JsonFields(Map<String, FieldRule> rules) {
        rules.forEach((field, rule) -> paths.put(field, JsonPath.compile(rule.select())));
    }

    /** The item's fields; a value no field can hold (a number such as 1e999999) is left out and counted in {@code warnings}. */
    FieldValues read(JsonNode item, URI base, Warnings warnings) {
        Map<String, String> values = new HashMap<>();
        paths.forEach((field, path) -> {
            Object found = path.read(item, JSON_PATH);
            if (found instanceof JsonNode node && node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue())) {
                warnings.count(field + " value{s} out of range (not a finite number) left out", node.asText());
                return;
            }
            String value = scalar(found);
            String normalised = switch (field) {
                case FieldRule.LINK -> Text.absolute(base, value);
                case FieldRule.ID, FieldRule.PUBLISHED -> Text.collapse(value);
                default -> Text.plain(value);
            };
            if (normalised != null) {
                values.put(field, normalised);
            }
        });
        return new FieldValues(values);
    }

    /** The text of what a path found: the first element of a list, nothing for an object. */
    static String scalar(Object found) {
        if (!(found instanceof JsonNode node) || node.isNull() || node.isMissingNode()) {
            // Path functions (length(), sum(), ...) answer plain Java values.
            return found instanceof String || found instanceof Number || found instanceof Boolean ? found.toString() : null;
        }
        if (node.isArray()) {
            for (JsonNode element : node) {
                String value = scalar(element);
                if (value != null) {
                    return value;
                }
            }
            return null;
        }
        if (node.isNumber()) {
            return node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue()) ? null : node.decimalValue().toPlainString();
        }
        return node.isValueNode() ? node.asText() : null;
    }
}
