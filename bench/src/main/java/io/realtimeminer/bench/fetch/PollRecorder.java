package io.realtimeminer.bench.fetch;

import io.realtimeminer.fetcher.schedule.PollListener;
import io.realtimeminer.fetcher.schedule.PollResult;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;

/**
 * Records every finished poll; the figures of a run are taken from the polls that were due within
 * the measured window, so that the start-up herd and the stragglers after the end do not count.
 */
final class PollRecorder implements PollListener {

    private static final Pattern ADDRESS = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}(:\\d+)?");
    /** Any number but an HTTP status. */
    private static final Pattern NUMBER = Pattern.compile("(?<!HTTP )\\b\\d+\\b");

    private volatile long windowStart = Long.MAX_VALUE;
    private volatile long windowEnd = Long.MAX_VALUE;

    private final LongAdder completed = new LongAdder();
    private final LongAdder inWindow = new LongAdder();
    private final LongAdder withItems = new LongAdder();
    private final LongAdder notModified = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder itemsFound = new LongAdder();
    private final LongAdder itemsNew = new LongAdder();
    private final LongAdder detailsFetched = new LongAdder();
    private final Histogram lagMillis = new ConcurrentHistogram(3_600_000L, 3);
    private final Histogram durationMillis = new ConcurrentHistogram(3_600_000L, 3);
    private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();

    /** Polls due in {@code [start, end)} (epoch millis) make the figures. */
    void window(long start, long end) {
        windowStart = start;
        windowEnd = end;
    }

    @Override
    public void onPoll(PollResult result) {
        completed.increment();
        long due = result.due().toEpochMilli();
        if (due < windowStart || due >= windowEnd) {
            return;
        }
        inWindow.increment();
        lagMillis.recordValue(Math.max(0, Math.min(result.scheduleLag().toMillis(), 3_600_000L)));
        durationMillis.recordValue(Math.max(0, Math.min(result.duration().toMillis(), 3_600_000L)));
        itemsFound.add(result.itemsFound());
        itemsNew.add(result.itemsNew());
        detailsFetched.add(result.detailsFetched());
        switch (result.outcome()) {
            case ITEMS -> withItems.increment();
            case NOT_MODIFIED -> notModified.increment();
            case FAILED -> {
                failed.increment();
                failures.computeIfAbsent(kindOf(result.error()), k -> new LongAdder()).increment();
            }
        }
    }

    /** Failure messages without the addresses and numbers that make each one unique. */
    static String kindOf(String error) {
        if (error == null) {
            return "(no message)";
        }
        String kind = NUMBER.matcher(ADDRESS.matcher(error).replaceAll("<host>")).replaceAll("N");
        return kind.length() > 120 ? kind.substring(0, 120) + "…" : kind;
    }

    /** Polls finished so far, whenever they were due. */
    long completed() {
        return completed.sum();
    }

    long inWindow() {
        return inWindow.sum();
    }

    Histogram lag() {
        return lagMillis.copy();
    }

    Histogram duration() {
        return durationMillis.copy();
    }

    long withItems() {
        return withItems.sum();
    }

    long notModified() {
        return notModified.sum();
    }

    long failed() {
        return failed.sum();
    }

    long itemsFound() {
        return itemsFound.sum();
    }

    long itemsNew() {
        return itemsNew.sum();
    }

    long detailsFetched() {
        return detailsFetched.sum();
    }

    Map<String, Long> failuresByKind() {
        Map<String, Long> byKind = new TreeMap<>();
        failures.forEach((kind, count) -> byKind.put(kind, count.sum()));
        return byKind;
    }
}
