package io.realtimeminer.fetcher.details;

import java.util.OptionalLong;
import java.util.TreeSet;

/**
 * The records of one partition that are polled but not done yet (their details not acknowledged
 * by Kafka), so that the committed offset never passes one of them: fetches end in any order, the
 * commit moves only over a gap-free run of done records. Used by the consumer thread only.
 */
final class PartitionProgress {

    private final TreeSet<Long> pending = new TreeSet<>();
    private long next = -1;
    private long committed = -1;

    /** A record polled at {@code offset}. */
    void polled(long offset) {
        pending.add(offset);
        next = Math.max(next, offset + 1);
    }

    /** The record at {@code offset} needs no more work. */
    void done(long offset) {
        pending.remove(offset);
    }

    /** The offset to commit when it moved since the last {@link #committed}: the first record not done yet. */
    OptionalLong committable() {
        long offset = pending.isEmpty() ? next : pending.first();
        return offset > committed ? OptionalLong.of(offset) : OptionalLong.empty();
    }

    /** The first record polled and not done yet. */
    OptionalLong firstPending() {
        return pending.isEmpty() ? OptionalLong.empty() : OptionalLong.of(pending.first());
    }

    void committed(long offset) {
        committed = Math.max(committed, offset);
    }

    int pendingCount() {
        return pending.size();
    }
}
