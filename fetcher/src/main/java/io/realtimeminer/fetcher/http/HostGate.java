package io.realtimeminer.fetcher.http;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.ToLongFunction;

/**
 * Politeness per key (a host, or a site): at most {@code maxConcurrent} requests in flight, starts
 * at least the key's minimum delay apart, and none while the key asked us to wait (Retry-After). A
 * request that must wait gets an incomplete future and holds no thread; a timer hands out turns.
 * The delay of a key may change while requests wait (a site's share of its budget): each turn is
 * measured from the previous start with the delay of the moment.
 */
final class HostGate {

    /** One request's turn at a host; release it exactly once when the request is over. */
    static final class Permit {
        private final Host host;
        private final long grantedAt;
        private final AtomicBoolean released = new AtomicBoolean();

        private Permit(Host host, long grantedAt) {
            this.host = host;
            this.grantedAt = grantedAt;
        }

        /** When the gate gave this turn ({@link System#nanoTime()}): the start the minimum delay counts from. */
        long grantedAtNanos() {
            return grantedAt;
        }

        void release() {
            if (released.compareAndSet(false, true)) {
                host.release();
            }
        }
    }

    /** How long the gate sleeps at most before it looks at a waiting key again. */
    private static final long LONGEST_SLEEP_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final int maxConcurrent;
    private final ToLongFunction<String> minDelayNanos;
    private final ScheduledExecutorService timer;
    private final ConcurrentHashMap<String, Host> hosts = new ConcurrentHashMap<>();

    HostGate(int maxConcurrent, Duration minDelay, ScheduledExecutorService timer) {
        this(maxConcurrent, key -> minDelay.toNanos(), timer);
    }

    /** @param minDelayNanos the least time between two starts for a key, asked at every turn */
    HostGate(int maxConcurrent, ToLongFunction<String> minDelayNanos, ScheduledExecutorService timer) {
        this.maxConcurrent = maxConcurrent;
        this.minDelayNanos = minDelayNanos;
        this.timer = timer;
        // Forget hosts nobody asked for lately, so that the map holds only hosts in use.
        timer.scheduleWithFixedDelay(this::forgetIdleHosts, 1, 1, TimeUnit.MINUTES);
    }

    /**
     * Completes when it is this request's turn at {@code host}. Cancelling (or otherwise
     * completing) the returned future before then gives the turn up.
     */
    CompletableFuture<Permit> acquire(String host) {
        CompletableFuture<Permit> turn = new CompletableFuture<>();
        Host[] target = new Host[1];
        hosts.compute(host, (name, existing) -> {
            Host h = existing == null ? new Host(name) : existing;
            h.enqueue(turn);
            target[0] = h;
            return h;
        });
        target[0].drain();
        return turn;
    }

    /** No request to {@code host} starts before {@code wait} has passed. */
    void pause(String host, Duration wait) {
        hosts.compute(host, (name, existing) -> {
            Host h = existing == null ? new Host(name) : existing;
            h.pauseFor(wait.toNanos());
            return h;
        });
    }

    /** How long requests to {@code host} are still paused by a Retry-After; zero if not. */
    Duration pausedFor(String host) {
        Host h = hosts.get(host);
        return h == null ? Duration.ZERO : h.pausedFor();
    }

    int hostsKnown() {
        return hosts.size();
    }

    private void forgetIdleHosts() {
        long now = System.nanoTime();
        for (String name : hosts.keySet()) {
            hosts.computeIfPresent(name, (n, h) -> h.idleSince(now) ? null : h);
        }
    }

    /** A turn given, each permit with the instant it was given at. */
    private record Grant(CompletableFuture<Permit> turn, Permit permit) {
    }

    private final class Host {
        private final String name;
        private final ArrayDeque<CompletableFuture<Permit>> waiting = new ArrayDeque<>();
        private int inFlight;
        private boolean started;
        private long lastStart;
        private long pausedUntil = System.nanoTime();
        private boolean wakeUpScheduled;

        Host(String name) {
            this.name = name;
        }

        synchronized void enqueue(CompletableFuture<Permit> turn) {
            waiting.add(turn);
        }

        synchronized void pauseFor(long nanos) {
            pausedUntil = Math.max(pausedUntil, System.nanoTime() + nanos);
        }

        synchronized Duration pausedFor() {
            return Duration.ofNanos(Math.max(0, pausedUntil - System.nanoTime()));
        }

        void release() {
            synchronized (this) {
                inFlight--;
            }
            drain();
        }

        /** Hands out the turns that are due; the futures are completed outside the lock. */
        void drain() {
            List<Grant> granted = new ArrayList<>(1);
            synchronized (this) {
                while (inFlight < maxConcurrent && !waiting.isEmpty()) {
                    CompletableFuture<Permit> next = waiting.peek();
                    if (next.isDone()) {
                        waiting.poll(); // given up by its requester (deadline)
                        continue;
                    }
                    long now = System.nanoTime();
                    long startAt = Math.max(nextStart(), pausedUntil);
                    if (now < startAt) {
                        if (!wakeUpScheduled) {
                            wakeUpScheduled = true;
                            // At most a second away: a delay that shrinks meanwhile (a larger share) is seen then.
                            timer.schedule(this::wakeUp, Math.min(startAt - now, LONGEST_SLEEP_NANOS), TimeUnit.NANOSECONDS);
                        }
                        break;
                    }
                    waiting.poll();
                    inFlight++;
                    started = true;
                    lastStart = now;
                    granted.add(new Grant(next, new Permit(this, now)));
                }
            }
            for (Grant grant : granted) {
                if (!grant.turn().complete(grant.permit())) {
                    grant.permit().release(); // given up at the very moment it was granted
                }
            }
        }

        /** The earliest next start: the last one plus the delay of the moment (guarded by this). */
        private long nextStart() {
            return started ? lastStart + minDelayNanos.applyAsLong(name) : Long.MIN_VALUE;
        }

        private void wakeUp() {
            synchronized (this) {
                wakeUpScheduled = false;
            }
            drain();
        }

        synchronized boolean idleSince(long now) {
            return inFlight == 0 && waiting.isEmpty() && (!started || now - nextStart() > 0) && now - pausedUntil > 0;
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
