package io.realtimeminer.topology;

import io.realtimeminer.avro.ItemDetails;
import io.realtimeminer.avro.RawItem;

/** What the details join reads: a new item, or the details of an item's page (both keyed by item id). */
sealed interface JoinInput {

    record NewItem(RawItem item) implements JoinInput {
    }

    record PageDetails(ItemDetails details) implements JoinInput {
    }
}
