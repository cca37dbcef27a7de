package io.realtimeminer.topology;

import io.realtimeminer.avro.EnrichedItem;
import io.realtimeminer.avro.ItemDetails;
import io.realtimeminer.avro.RawItem;
import io.realtimeminer.kafka.RegistrySerdes;
import org.apache.kafka.common.serialization.Serde;

/**
 * The value serdes of the enrichment topology: registry-backed at run time, plain Avro in
 * TopologyTestDriver tests.
 *
 * @param items    {@link RawItem}: new items, and inside the details join's store
 * @param details  {@link ItemDetails}: page details, and inside the details join's store
 * @param enriched {@link EnrichedItem}
 */
public record EnrichmentSerdes(Serde<RawItem> items, Serde<ItemDetails> details, Serde<EnrichedItem> enriched) {

    /** Serdes writing the Confluent wire format through the registry at {@code registryUrl}. */
    public static EnrichmentSerdes registry(String registryUrl) {
        return new EnrichmentSerdes(RegistrySerdes.specific(registryUrl, false), RegistrySerdes.specific(registryUrl, false),
                RegistrySerdes.specific(registryUrl, false));
    }
}
