package io.realtimeminer.topology;

import io.realtimeminer.avro.ItemDetails;
import io.realtimeminer.avro.RawItem;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Duration;
import java.util.Objects;

/**
 * Joins each new item with the details of its page, by item id (the two topics are
 * co-partitioned). An item that wants page details waits in a persistent store until they come,
 * or until the deadline passes on the wall clock: then it goes on without them, with the error
 * "no page details within N s", and stays open for the late window, during which details that
 * come still go on as an update of the same item (the sinks upsert the same row). Details that
 * come before their item wait for it. Details belong to the item version whose content hash they
 * carry; details of another version do not complete an item. An item that wants no details goes
 * on at once.
 *
 * <p>Store {@code waiting}: item id → {@link PendingItem}; store {@code deadlines}: the same
 * entries by expiry ({@link DeadlineIndex}), read by a punctuation every {@link #PUNCTUATE_EVERY}.
 */
final class DetailJoin implements Processor<String, JoinInput, String, ItemWithDetails> {

    static final Duration PUNCTUATE_EVERY = Duration.ofMillis(250);

    private final String waitingStore;
    private final String deadlinesStore;
    private final long deadlineMs;
    private final long lateMs;
    private final String deadlineError;
    private ProcessorContext<String, ItemWithDetails> context;
    private KeyValueStore<String, PendingItem> waiting;
    private DeadlineIndex deadlines;

    /**
     * @param deadline how long an item waits for its details; zero lets it go at once (its details
     *                 then come as an update, within the late window)
     * @param late     how long an item let go without details still takes them as an update, and
     *                 how long details wait for their item
     */
    DetailJoin(String waitingStore, String deadlinesStore, Duration deadline, Duration late) {
        this.waitingStore = waitingStore;
        this.deadlinesStore = deadlinesStore;
        this.deadlineMs = deadline.toMillis();
        this.lateMs = late.toMillis();
        this.deadlineError = "no page details within " + seconds(deadline) + " s";
    }

    @Override
    public void init(ProcessorContext<String, ItemWithDetails> context) {
        this.context = context;
        this.waiting = context.getStateStore(waitingStore);
        KeyValueStore<Bytes, String> index = context.getStateStore(deadlinesStore);
        this.deadlines = new DeadlineIndex(index);
        context.schedule(PUNCTUATE_EVERY, PunctuationType.WALL_CLOCK_TIME, this::expire);
    }

    @Override
    public void process(Record<String, JoinInput> record) {
        if (record.key() == null || record.value() == null) {
            return;
        }
        if (record.value() instanceof JoinInput.NewItem newItem && newItem.item() != null) {
            item(record, newItem.item());
        } else if (record.value() instanceof JoinInput.PageDetails page && page.details() != null) {
            details(record, page.details());
        }
    }

    private void item(Record<String, JoinInput> record, RawItem item) {
        String id = record.key();
        PendingItem pending = waiting.get(id);
        if (!item.getPageDetails()) {
            forget(id, pending);
            forward(record, item, null, null);
            return;
        }
        if (pending != null && belongTogether(item, pending.details())) {
            forget(id, pending);
            forward(record, item, pending.details(), null);
            return;
        }
        long now = context.currentSystemTimeMs();
        if (deadlineMs == 0) {
            forward(record, item, null, null);
            save(id, pending, new PendingItem(item, null, now + lateMs, true));
        } else {
            save(id, pending, new PendingItem(item, null, now + deadlineMs, false));
        }
    }

    private void details(Record<String, JoinInput> record, ItemDetails details) {
        String id = record.key();
        PendingItem pending = waiting.get(id);
        if (pending != null && pending.item() != null && belongTogether(pending.item(), details)) {
            // The item waiting, or an update of the one let go without details.
            forget(id, pending);
            forward(record, pending.item(), details, null);
            return;
        }
        if (pending == null) {
            save(id, null, new PendingItem(null, details, context.currentSystemTimeMs() + lateMs, false));
        } else {
            save(id, pending, pending.withDetails(details));
        }
    }

    /** Lets waiting items go without details once their deadline passed, and forgets expired entries. */
    private void expire(long now) {
        for (DeadlineIndex.Due due : deadlines.takeDue(now)) {
            PendingItem pending = waiting.get(due.itemId());
            if (pending == null || pending.expiresAt() != due.at()) {
                continue; // a stale index entry: the item moved on since
            }
            if (pending.item() != null && !pending.emitted()) {
                context.forward(new Record<>(due.itemId(), new ItemWithDetails(pending.item(), null, deadlineError), now));
                PendingItem emitted = new PendingItem(pending.item(), pending.details(), now + lateMs, true);
                waiting.put(due.itemId(), emitted);
                deadlines.add(emitted.expiresAt(), due.itemId());
            } else {
                waiting.delete(due.itemId());
            }
        }
    }

    /** Details complete the item version they were fetched for (same content hash; none on either side also counts). */
    private static boolean belongTogether(RawItem item, ItemDetails details) {
        return details != null && Objects.equals(item.getContentHash(), details.getContentHash());
    }

    private void save(String id, PendingItem before, PendingItem after) {
        if (before != null && before.expiresAt() != after.expiresAt()) {
            deadlines.remove(before.expiresAt(), id);
        }
        waiting.put(id, after);
        deadlines.add(after.expiresAt(), id);
    }

    private void forget(String id, PendingItem pending) {
        if (pending != null) {
            deadlines.remove(pending.expiresAt(), id);
            waiting.delete(id);
        }
    }

    private void forward(Record<String, JoinInput> record, RawItem item, ItemDetails details, String error) {
        context.forward(record.withValue(new ItemWithDetails(item, details, error)));
    }

    private static String seconds(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? Long.toString(millis / 1000) : String.format(java.util.Locale.ROOT, "%.1f", millis / 1000.0);
    }
}
