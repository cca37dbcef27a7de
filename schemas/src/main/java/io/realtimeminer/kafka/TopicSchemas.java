package io.realtimeminer.kafka;

import io.apicurio.registry.rest.client.RegistryClient;
import io.apicurio.registry.rest.v2.beans.ArtifactMetaData;
import io.apicurio.registry.rest.v2.beans.IfExists;
import io.apicurio.registry.types.ArtifactType;
import io.realtimeminer.avro.DeadLetterReplay;
import io.realtimeminer.avro.EnrichedItem;
import io.realtimeminer.avro.ItemDetails;
import io.realtimeminer.avro.RawItem;
import io.realtimeminer.avro.InstanceStatus;
import io.realtimeminer.avro.Sighting;
import io.realtimeminer.avro.SourceStatus;
import io.realtimeminer.avro.SourceCommand;
import io.realtimeminer.avro.SourceFetchState;
import io.realtimeminer.net.UrlLogin;
import org.apache.avro.Schema;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The value schema of every Avro topic of the pipeline, and their registration under the
 * artifact ids the serializers use ({@code <topic>-value}, default group). Registering them once
 * when the pipeline starts means that the serializers of many instances starting together only
 * find them: Apicurio's first registration of an artifact is a write that concurrent writers can
 * fail, and a failed send is a failed poll.
 */
public final class TopicSchemas {

    /** Topic to value schema, in the order records flow. */
    public static final Map<String, Schema> VALUES;

    static {
        Map<String, Schema> values = new LinkedHashMap<>();
        values.put(Topics.ITEMS_RAW, RawItem.getClassSchema());
        values.put(Topics.FETCH_STATE, SourceFetchState.getClassSchema());
        values.put(Topics.ITEMS_NEW, RawItem.getClassSchema());
        values.put(Topics.SIGHTINGS, Sighting.getClassSchema());
        values.put(Topics.ITEMS_DETAILS, ItemDetails.getClassSchema());
        values.put(Topics.ITEMS_ENRICHED, EnrichedItem.getClassSchema());
        values.put(Topics.SOURCE_STATUS, SourceStatus.getClassSchema());
        values.put(Topics.INSTANCES, InstanceStatus.getClassSchema());
        values.put(Topics.COMMANDS, SourceCommand.getClassSchema());
        values.put(Topics.DEAD_LETTER_REPLAYS, DeadLetterReplay.getClassSchema());
        VALUES = Map.copyOf(values);
    }

    private TopicSchemas() {
    }

    /** The artifact id the serializers register a topic's value schema under. */
    public static String valueArtifactId(String topic) {
        return topic + "-value";
    }

    /**
     * Registers every value schema unless the registry holds it already as the latest version of
     * its artifact (then it is only looked up), as the serializers would on their first send.
     *
     * @return topic to the content id the serializers will write for it
     */
    public static Map<String, Long> registerAll(String registryUrl) {
        Map<String, Long> contentIds = new LinkedHashMap<>();
        try (RegistryClient client = RegistryAccess.client(registryUrl)) {
            for (Map.Entry<String, Schema> entry : VALUES.entrySet()) {
                // The serializer sends the schema's JSON as Avro prints it; the same bytes find the same content.
                byte[] content = entry.getValue().toString().getBytes(StandardCharsets.UTF_8);
                ArtifactMetaData artifact = client.createArtifact(null, valueArtifactId(entry.getKey()), null, ArtifactType.AVRO,
                        IfExists.RETURN_OR_UPDATE, false, new ByteArrayInputStream(content));
                contentIds.put(entry.getKey(), artifact.getContentId());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot close the registry client of " + UrlLogin.strip(registryUrl), e);
        }
        return contentIds;
    }
}
