package io.realtimeminer.control;

import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** An Avro record as a JSON object: its fields by their (snake_case) names, in schema order; nested records and arrays likewise. */
final class AvroJson {

    private AvroJson() {
    }

    static Map<String, Object> of(SpecificRecord record) {
        return of(record, Set.of());
    }

    /** As {@link #of(SpecificRecord)}, leaving out the top-level fields named in {@code without}. */
    static Map<String, Object> of(SpecificRecord record, Set<String> without) {
        Map<String, Object> json = new LinkedHashMap<>();
        for (Schema.Field field : record.getSchema().getFields()) {
            if (!without.contains(field.name())) {
                json.put(field.name(), value(record.get(field.pos())));
            }
        }
        return json;
    }

    private static Object value(Object value) {
        if (value instanceof CharSequence text) {
            return text.toString();
        }
        if (value instanceof SpecificRecord nested) {
            return of(nested);
        }
        if (value instanceof List<?> list) {
            return list.stream().map(AvroJson::value).toList();
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> json = new LinkedHashMap<>();
            map.forEach((k, v) -> json.put(String.valueOf(k), value(v)));
            return json;
        }
        return value;
    }
}
