package io.realtimeminer.topology;

import io.realtimeminer.avro.ItemDetails;
import io.realtimeminer.avro.RawItem;

/**
 * A new item as the details join lets it go: with the details of its page, or without them.
 *
 * @param item          the item
 * @param details       its page's details (possibly carrying their own error), null without
 * @param deadlineError why the item goes without details although it wanted them, e.g. "no page details within 20 s"; else null
 */
record ItemWithDetails(RawItem item, ItemDetails details, String deadlineError) {
}
