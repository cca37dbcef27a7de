package io.realtimeminer.bench.fetch;

import io.realtimeminer.avro.RawItem;
import io.realtimeminer.fetcher.emit.ItemSink;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;

/**
 * Stands in for Kafka: accepts every item at once, counts them, and measures how long after its
 * posting each fresh item was found (the farm's published date is the posting time).
 */
final class CountingItemSink implements ItemSink {

    private final long freshAfterMillis;
    private volatile long windowStart = Long.MAX_VALUE;
    private volatile long windowEnd = Long.MAX_VALUE;
    private final LongAdder items = new LongAdder();
    private final Histogram discoveryMillis = new ConcurrentHistogram(3_600_000L, 3);

    /** @param freshAfter items published before this are the farm's backlog, not news */
    CountingItemSink(Instant freshAfter) {
        this.freshAfterMillis = freshAfter.toEpochMilli();
    }

    /** Items discovered in {@code [start, end)} (epoch millis) make the discovery figures. */
    void window(long start, long end) {
        windowStart = start;
        windowEnd = end;
    }

    @Override
    public CompletableFuture<Void> send(List<RawItem> batch) {
        items.add(batch.size());
        for (RawItem item : batch) {
            Instant published = item.getPublishedAt();
            long discovered = item.getDiscoveredAt().toEpochMilli();
            if (published != null && published.toEpochMilli() >= freshAfterMillis && discovered >= windowStart && discovered < windowEnd) {
                discoveryMillis.recordValue(Math.max(0, Math.min(discovered - published.toEpochMilli(), 3_600_000L)));
            }
        }
        return CompletableFuture.completedFuture(null);
    }

    long items() {
        return items.sum();
    }

    /** From posting to discovery, for the fresh items found within the window. */
    Histogram discovery() {
        return discoveryMillis.copy();
    }

    @Override
    public void close() {
    }
}
