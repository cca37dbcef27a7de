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

    /** Violations listed at most: a template with 100,000 unknown members gets a readable dead letter, not a huge one. */
    static final int MAX_LISTED = 100;

    private final List<TemplateViolation> found = new ArrayList<>();
    private int count;

    void add(String path, String reason) {
        if (++count <= MAX_LISTED) {
            found.add(new TemplateViolation(path, reason));
        }
    }

    int count() {
        return count;
    }

    boolean isEmpty() {
        return count == 0;
    }

    List<TemplateViolation> list() {
        if (count <= MAX_LISTED) {
            return List.copyOf(found);
        }
        List<TemplateViolation> listed = new ArrayList<>(found);
        listed.add(new TemplateViolation("$", "and " + (count - MAX_LISTED) + " more violations"));
        return List.copyOf(listed);
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
