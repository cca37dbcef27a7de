package io.realtimeminer.fetcher.emit;

import io.realtimeminer.avro.RawItem;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Where found items go; completes once all of them are durably accepted. */
public interface ItemSink extends AutoCloseable {

    CompletableFuture<Void> send(List<RawItem> items);

    @Override
    void close();
}
