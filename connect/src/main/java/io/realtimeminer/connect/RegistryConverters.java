package io.realtimeminer.connect;

import io.apicurio.registry.serde.avro.AvroKafkaSerdeConfig;
import io.realtimeminer.kafka.RegistrySerdes;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The converter settings shared by the worker and the items sink: keys are plain strings (the item
 * id), values are Avro in Confluent wire format resolved through the schema registry.
 */
public final class RegistryConverters {

    public static final String KEY_CONVERTER = "key.converter";
    public static final String VALUE_CONVERTER = "value.converter";
    public static final String STRING_CONVERTER_CLASS = "org.apache.kafka.connect.storage.StringConverter";
    public static final String AVRO_CONVERTER_CLASS = "io.apicurio.registry.utils.converter.AvroConverter";

    private RegistryConverters() {
    }

    /** {@code key.converter}, {@code value.converter} and the value converter's serde settings. */
    public static Map<String, String> forRegistry(String registryUrl) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put(KEY_CONVERTER, STRING_CONVERTER_CLASS);
        settings.put(VALUE_CONVERTER, AVRO_CONVERTER_CLASS);
        RegistrySerdes.settings(registryUrl).forEach((name, value) -> {
            // The converter turns generic records into Connect structs; our generated classes are
            // not in its plugin folder, so it must not look for them.
            if (!AvroKafkaSerdeConfig.USE_SPECIFIC_AVRO_READER.equals(name)) {
                settings.put(VALUE_CONVERTER + "." + name, String.valueOf(value));
            }
        });
        return settings;
    }
}
