package io.realtimeminer.template;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;

/**
 * The violations found so far in one template, with the typed reads that add to them: every part
 * of the parser reports here instead of stopping, so the author sees every mistake at once.
 */
final class Violations {

    private final List<TemplateViolation> found = new ArrayList<>();

    void add(String path, String reason) {
        found.add(new TemplateViolation(path, reason));
    }

    int count() {
        return found.size();
    }

    boolean isEmpty() {
        return found.isEmpty();
    }

    List<TemplateViolation> list() {
        return List.copyOf(found);
    }

    /** Reports every member of {@code object} not in {@code known}: a typo must not pass silently as a default. */
    void rejectUnknownMembers(JsonNode object, String path, Collection<String> known) {
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                add(path + "." + name, "unknown field (known: " + String.join(", ", known.stream().sorted().toList()) + ")");
            }
        }
    }

    /** The trimmed text of a member that may be absent; null (and a violation) when it is not a non-empty string. */
    String optionalText(JsonNode object, String member, String path) {
        JsonNode node = object.get(member);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual() || node.asText().isBlank()) {
            add(path, "must be a non-empty string");
            return null;
        }
        return node.asText().trim();
    }

    /** Like {@link #optionalText}, and absence is a violation too. */
    String requiredText(JsonNode object, String member, String path) {
        JsonNode node = object.get(member);
        if (node == null || node.isNull()) {
            add(path, "is required");
            return null;
        }
        return optionalText(object, member, path);
    }

    /** The object at {@code member}, null when absent; a violation when present but not an object. */
    JsonNode optionalObject(JsonNode object, String member, String path) {
        JsonNode node = object.get(member);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            add(path, "must be an object");
            return null;
        }
        return node;
    }
}
