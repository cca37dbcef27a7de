package io.realtimeminer.control;

import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

import java.util.LinkedHashMap;
import java.util.Map;

/** An Avro record as a JSON object: its fields by their (snake_case) names, in schema order. */
final class AvroJson {

    private AvroJson() {
    }

    static Map<String, Object> of(SpecificRecord record) {
        Map<String, Object> json = new LinkedHashMap<>();
        for (Schema.Field field : record.getSchema().getFields()) {
            Object value = record.get(field.pos());
            json.put(field.name(), value instanceof CharSequence text ? text.toString() : value);
        }
        return json;
    }
}
