package io.realtimeminer.bench.farm;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts what the farm answered, the requests each source had, and how late its delayed responses went out compared to their
 * planned time: a farm that falls behind would make the fetcher look slow.
 */
public final class FarmStats {

    /**
     * The counters at one moment.
     *
     * @param pending     responses waiting for their delay now
     * @param maxPending  the most responses ever waiting at once
     * @param lateP50Millis median lateness of delayed responses
     * @param lateP99Millis 99th percentile lateness of delayed responses
     * @param lateMaxMillis the worst lateness (capped at 10 s)
     */
    public record Snapshot(long requests, long ok, long notModified, long unavailable, long notFound, long clientGone,
                           int pending, int maxPending, long lateP50Millis, long lateP99Millis, long lateMaxMillis) {

        public static Snapshot fromJson(String json) {
            try {
                return JSON.readValue(json, Snapshot.class);
            } catch (java.io.IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public String toJson() {
            try {
                return JSON.writeValueAsString(this);
            } catch (java.io.IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int LATE_BUCKETS = 10_001;

    private final LongAdder requests = new LongAdder();
    private final LongAdder ok = new LongAdder();
    private final LongAdder notModified = new LongAdder();
    private final LongAdder unavailable = new LongAdder();
    private final LongAdder notFound = new LongAdder();
    private final LongAdder clientGone = new LongAdder();
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicInteger maxPending = new AtomicInteger();
    private final AtomicLongArray lateness = new AtomicLongArray(LATE_BUCKETS);
    private final AtomicLong lateMax = new AtomicLong();
    private final AtomicLongArray perSource;
    private final AtomicLongArray pollsPerSource;

    FarmStats(int sources) {
        this.perSource = new AtomicLongArray(sources);
        this.pollsPerSource = new AtomicLongArray(sources);
    }

    /**
     * A request for source {@code n}'s pages, whatever the answer.
     *
     * @param poll whether it asked for the source's list (its feed, page, API or Hacker News list): a poll; else one of its
     *             items or stories
     */
    void requested(int n, boolean poll) {
        perSource.incrementAndGet(n);
        if (poll) {
            pollsPerSource.incrementAndGet(n);
        }
    }

    /** Requests each source had so far, by index: its polls, its items' and its stories'. */
    public long[] requestsPerSource() {
        return copy(perSource);
    }

    /** Polls (requests for its list) each source had so far, by index. */
    public long[] pollsPerSource() {
        return copy(pollsPerSource);
    }

    private static long[] copy(AtomicLongArray counts) {
        long[] copy = new long[counts.length()];
        for (int n = 0; n < copy.length; n++) {
            copy[n] = counts.get(n);
        }
        return copy;
    }

    /** {@code source_id<TAB>polls<TAB>requests} lines after a header, sources never asked for left out. */
    void writeRequestsTsv(Writer out) {
        try {
            out.write("source_id\tpolls\trequests\n");
            long[] polls = pollsPerSource();
            long[] counts = requestsPerSource();
            for (int n = 0; n < counts.length; n++) {
                if (counts[n] > 0) {
                    out.write(FarmLayout.sourceId(n) + "\t" + polls[n] + "\t" + counts[n] + "\n");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void answered(int status) {
        requests.increment();
        switch (status) {
            case 200 -> ok.increment();
            case 304 -> notModified.increment();
            case 503 -> unavailable.increment();
            default -> notFound.increment();
        }
    }

    void clientGone() {
        clientGone.increment();
    }

    void delayed() {
        maxPending.accumulateAndGet(pending.incrementAndGet(), Math::max);
    }

    void sentLate(long lateMillis) {
        pending.decrementAndGet();
        long late = Math.max(0, Math.min(lateMillis, LATE_BUCKETS - 1));
        lateness.incrementAndGet((int) late);
        lateMax.accumulateAndGet(late, Math::max);
    }

    public Snapshot snapshot() {
        long total = 0;
        long[] counts = new long[LATE_BUCKETS];
        for (int i = 0; i < LATE_BUCKETS; i++) {
            counts[i] = lateness.get(i);
            total += counts[i];
        }
        return new Snapshot(requests.sum(), ok.sum(), notModified.sum(), unavailable.sum(), notFound.sum(), clientGone.sum(),
                pending.get(), maxPending.get(), percentile(counts, total, 0.50), percentile(counts, total, 0.99), lateMax.get());
    }

    private static long percentile(long[] counts, long total, double q) {
        long rank = (long) Math.ceil(q * total);
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank && seen > 0) {
                return i;
            }
        }
        return 0;
    }
}
