package io.realtimeminer.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The body of a replay: {@code {"ids": ["0-12", ...]}}, or {@code {"all": true}} for every letter
 * not replayed yet ({@code "again": true} adds those replayed before).
 *
 * @param ids   the letters named, or null for all
 */
record ReplayRequest(Set<String> ids, boolean again) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String USAGE = "give {\"ids\": [\"0-12\", ...]} or {\"all\": true} (and \"again\": true to replay letters"
            + " replayed before)";

    static ReplayRequest parse(String body) {
        JsonNode json;
        try {
            json = JSON.readTree(body == null || body.isBlank() ? "{}" : body);
        } catch (JsonProcessingException e) {
            throw new ApiException(400, "the body is not valid JSON: " + e.getOriginalMessage() + "; " + USAGE);
        }
        if (json == null || !json.isObject()) {
            throw new ApiException(400, USAGE);
        }
        for (var names = json.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!Set.of("ids", "all", "again").contains(name)) {
                throw new ApiException(400, "unknown field '" + name + "'; " + USAGE);
            }
        }
        JsonNode ids = json.get("ids");
        boolean all = json.path("all").asBoolean(false);
        boolean again = json.path("again").asBoolean(false);
        if ((ids == null) == !all) {
            throw new ApiException(400, USAGE);
        }
        if (ids == null) {
            return new ReplayRequest(null, again);
        }
        if (!ids.isArray() || ids.isEmpty()) {
            throw new ApiException(400, "'ids' must be a non-empty array of letter ids (partition-offset, as GET lists them)");
        }
        Set<String> named = new LinkedHashSet<>();
        for (JsonNode id : ids) {
            if (!id.isTextual() || !id.asText().matches("\\d+-\\d+")) {
                throw new ApiException(400, "'" + id.asText() + "' is no letter id: ids are partition-offset, e.g. 0-12");
            }
            named.add(id.asText());
        }
        return new ReplayRequest(named, again);
    }
}
