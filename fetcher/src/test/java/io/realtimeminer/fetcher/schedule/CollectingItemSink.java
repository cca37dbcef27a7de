package io.realtimeminer.fetcher.schedule;

import io.realtimeminer.avro.RawItem;
import io.realtimeminer.fetcher.emit.ItemSink;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** An item sink that adds every item sent to a list the test reads, and is done at once. */
record CollectingItemSink(List<RawItem> sent) implements ItemSink {

    @Override
    public CompletableFuture<Void> send(List<RawItem> items) {
        sent.addAll(items);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void close() {
    }
}
