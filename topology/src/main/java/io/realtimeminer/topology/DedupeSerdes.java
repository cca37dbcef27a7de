package io.realtimeminer.topology;

import io.realtimeminer.avro.RawItem;
import io.realtimeminer.avro.Sighting;
import io.realtimeminer.kafka.RegistrySerdes;
import org.apache.kafka.common.serialization.Serde;

/**
 * The value serdes of the dedupe topology: registry-backed at run time, plain Avro in
 * TopologyTestDriver tests.
 *
 * @param items     {@link RawItem}: raw and new items, and the repartition topic between the stages
 * @param sightings {@link Sighting}
 */
public record DedupeSerdes(Serde<RawItem> items, Serde<Sighting> sightings) {

    /** Serdes writing the Confluent wire format through the registry at {@code registryUrl}. */
    public static DedupeSerdes registry(String registryUrl) {
        return new DedupeSerdes(RegistrySerdes.specific(registryUrl, false), RegistrySerdes.specific(registryUrl, false));
    }
}
