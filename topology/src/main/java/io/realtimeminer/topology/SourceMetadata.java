package io.realtimeminer.topology;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.realtimeminer.template.SourceTemplate;

import java.util.ArrayList;
import java.util.List;

/**
 * The parts of a source template that enrichment copies onto items: name, tags and pool. Read leniently: validation
 * is the fetcher's job, and an item must never be held back by a template it cannot read.
 */
record SourceMetadata(String name, List<String> tags, String pool) {

    static final SourceMetadata UNKNOWN = new SourceMetadata(null, List.of(), null);
    private static final ObjectMapper JSON = new ObjectMapper();

    static SourceMetadata fromTemplateJson(String json) {
        if (json == null) {
            return UNKNOWN;
        }
        try {
            JsonNode root = JSON.readTree(json);
            if (root == null || !root.isObject()) {
                return UNKNOWN;
            }
            JsonNode name = root.get("name");
            List<String> tags = new ArrayList<>();
            JsonNode tagNodes = root.get("tags");
            if (tagNodes != null && tagNodes.isArray()) {
                tagNodes.forEach(tag -> {
                    if (tag.isTextual() && !tag.asText().isBlank() && !tags.contains(tag.asText().trim())) {
                        tags.add(tag.asText().trim());
                    }
                });
            }
            JsonNode pool = root.get("pool");
            return new SourceMetadata(name != null && name.isTextual() ? name.asText().trim() : null, List.copyOf(tags),
                    pool != null && pool.isTextual() && !pool.asText().isBlank() ? pool.asText().trim() : SourceTemplate.DEFAULT_POOL);
        } catch (Exception e) {
            return UNKNOWN;
        }
    }
}
