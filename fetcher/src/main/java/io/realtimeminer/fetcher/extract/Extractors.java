package io.realtimeminer.fetcher.extract;

import io.realtimeminer.template.SourceKind;

import java.util.Map;

/** The extractor of every source kind: what a fetcher (or {@code miner preview}) registers. */
public final class Extractors {

    private Extractors() {
    }

    /** A new extractor per kind; they hold no state, so one map serves every thread. */
    public static Map<SourceKind, ItemExtractor> byKind() {
        return Map.of(
                SourceKind.FEED, new FeedExtractor(),
                SourceKind.HTML, new HtmlExtractor(),
                SourceKind.JSON, new JsonExtractor(),
                SourceKind.HACKERNEWS, new HackerNewsExtractor());
    }
}
