package io.realtimeminer.topology;

import io.realtimeminer.avro.RawItem;

/**
 * The identity of a story across sources: the canonical URL of its link, or, for an item without
 * a link, the item itself ({@code item:<item id>}, which no canonical URL can equal as those start
 * with {@code http}).
 */
final class StoryKey {

    static final String ITEM_PREFIX = "item:";

    private StoryKey() {
    }

    static String of(RawItem itemWithCanonicalUrl) {
        String canonical = itemWithCanonicalUrl.getCanonicalUrl();
        return canonical != null ? canonical : ITEM_PREFIX + itemWithCanonicalUrl.getItemId();
    }
}
