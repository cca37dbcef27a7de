package io.realtimeminer.topology;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.realtimeminer.template.SourceTemplate;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

import java.io.IOException;
import java.util.List;

/**
 * The parts of an accepted source template that enrichment copies onto items: name (the source id
 * when the template names none), tags and pool.
 */
record SourceMetadata(String name, List<String> tags, String pool) {

    static final SourceMetadata UNKNOWN = new SourceMetadata(null, List.of(), null);
    private static final ObjectMapper JSON = new ObjectMapper();

    SourceMetadata {
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    static SourceMetadata of(SourceTemplate template) {
        return new SourceMetadata(template.name(), template.tags(), template.pool());
    }

    /** As stored in the templates store: a small JSON object. */
    static Serde<SourceMetadata> serde() {
        return Serdes.serdeFrom((topic, metadata) -> {
            try {
                return metadata == null ? null : JSON.writeValueAsBytes(metadata);
            } catch (JsonProcessingException e) {
                throw new SerializationException("cannot write source metadata", e);
            }
        }, (topic, bytes) -> {
            try {
                return bytes == null ? null : JSON.readValue(bytes, SourceMetadata.class);
            } catch (IOException e) {
                throw new SerializationException("cannot read source metadata", e);
            }
        });
    }
}
