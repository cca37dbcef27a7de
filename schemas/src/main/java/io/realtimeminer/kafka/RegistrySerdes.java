package io.realtimeminer.kafka;

import io.apicurio.registry.resolver.SchemaResolverConfig;
import io.apicurio.registry.serde.SerdeConfig;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerdeConfig;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.realtimeminer.net.UrlLogin;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

import java.util.HashMap;
import java.util.Map;

/**
 * Avro serdes backed by the schema registry, writing the Confluent wire format (magic byte and a
 * 4-byte content id, no headers) so that ksqlDB and Confluent tools read the same topics.
 */
public final class RegistrySerdes {

    private RegistrySerdes() {
    }

    /**
     * Serde settings for a registry at {@code registryUrl}, e.g. {@code http://127.0.0.1:8081}. The
     * same map configures producers, Streams serdes and (with a {@code value.converter.} prefix)
     * the Connect converter.
     */
    public static Map<String, Object> settings(String registryUrl) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(SerdeConfig.REGISTRY_URL, apiUrl(registryUrl));
        // A registry behind basic auth is given as http://user:password@host:port.
        UrlLogin.of(registryUrl).ifPresent(login -> {
            settings.put(SerdeConfig.AUTH_USERNAME, login.username());
            settings.put(SerdeConfig.AUTH_PASSWORD, login.password());
        });
        settings.put(SerdeConfig.ENABLE_HEADERS, false);
        settings.put(SerdeConfig.ENABLE_CONFLUENT_ID_HANDLER, true);
        // With the default (globalId) Confluent clients resolve the wrong schema.
        settings.put(SerdeConfig.USE_ID, "contentId");
        settings.put(SerdeConfig.AUTO_REGISTER_ARTIFACT, true);
        settings.put(SerdeConfig.FIND_LATEST_ARTIFACT, false);
        settings.put(AvroKafkaSerdeConfig.USE_SPECIFIC_AVRO_READER, true);
        // A resolved schema is looked up again after the check period; with the registry down that
        // lookup fails, and without this so would every record after it (the fetchers' sends, the
        // topologies' reads: records parked as unreadable). Keep using the one known.
        settings.put(SchemaResolverConfig.FAULT_TOLERANT_REFRESH, true);
        // A schema's id never changes, so there is little to refresh: once an hour, not every 30 s
        // (each refresh of a serializer registers its schema again: a write the registry's H2
        // storage serializes, and fails under contention).
        settings.put(SchemaResolverConfig.CHECK_PERIOD_MS, 3_600_000L);
        return settings;
    }

    /** The registry's core API URL (without credentials) for a base URL given with or without the API path. */
    public static String apiUrl(String registryUrl) {
        String plain = UrlLogin.strip(registryUrl);
        String base = plain.endsWith("/") ? plain.substring(0, plain.length() - 1) : plain;
        return base.endsWith("/apis/registry/v2") ? base : base + "/apis/registry/v2";
    }

    /** A value (or key) serde for generated Avro class {@code T}. */
    public static <T extends SpecificRecord> Serde<T> specific(String registryUrl, boolean isKey) {
        AvroKafkaSerializer<T> serializer = new AvroKafkaSerializer<>();
        AvroKafkaDeserializer<T> deserializer = new AvroKafkaDeserializer<>();
        Serde<T> serde = Serdes.serdeFrom(serializer, deserializer);
        serde.configure(settings(registryUrl), isKey);
        return serde;
    }
}
