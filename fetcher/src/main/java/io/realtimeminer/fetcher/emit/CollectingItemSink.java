package io.realtimeminer.fetcher.emit;

import io.realtimeminer.avro.RawItem;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** An item sink that adds every item sent to a list (a preview's, a test's), done at once. */
public record CollectingItemSink(List<RawItem> sent) implements ItemSink {

    @Override
    public CompletableFuture<Void> send(List<RawItem> items) {
        sent.addAll(items);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void close() {
    }
}
