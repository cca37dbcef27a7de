package io.realtimeminer.fetcher.schedule;

import io.realtimeminer.testing.ManualClock;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * A {@link PollTimer} and its clock, both moved by hand: {@link #advance} runs every turn that
 * falls due on the way, in order, with the clock at each turn's time. With a fetcher that answers
 * at once and a parse executor that runs inline, a poll and the turn it schedules next happen
 * inside that call, so a test sees exact due times and never sleeps.
 */
final class ManualTimer implements PollTimer {

    private record Pending(Instant due, long order, Runnable task) {
    }

    private final PriorityQueue<Pending> pending =
            new PriorityQueue<>(Comparator.comparing(Pending::due).thenComparingLong(Pending::order));
    private final ManualClock clock;
    private long scheduled;
    private boolean shutdown;

    ManualTimer(Instant start) {
        this.clock = new ManualClock(start);
    }

    Clock clock() {
        return clock;
    }

    Instant now() {
        return clock.instant();
    }

    /** Moves the clock on by {@code by}, running every turn due up to then. */
    void advance(Duration by) {
        Instant target = clock.instant().plus(by);
        while (true) {
            Pending next;
            synchronized (this) {
                next = pending.peek();
                if (next == null || next.due().isAfter(target)) {
                    break;
                }
                pending.poll();
                if (next.due().isAfter(clock.instant())) {
                    clock.set(next.due());
                }
            }
            next.task().run();
        }
        clock.set(target);
    }

    /** Moves the clock on without running anything, as a busy timer thread would: the turns start late at the next {@link #advance}. */
    void stall(Duration by) {
        clock.set(clock.instant().plus(by));
    }

    synchronized int pendingTurns() {
        return pending.size();
    }

    @Override
    public synchronized Turn schedule(Runnable task, Duration delay) {
        if (shutdown) {
            throw new IllegalStateException("timer shut down");
        }
        Instant due = clock.instant().plus(delay.isNegative() ? Duration.ZERO : delay);
        Pending turn = new Pending(due, scheduled++, task);
        pending.add(turn);
        return () -> {
            synchronized (ManualTimer.this) {
                pending.remove(turn);
            }
        };
    }

    /** The manual clock's time: a test's extractor "costs" what it {@link #stall}s. */
    @Override
    public long threadCpuNanos() {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    @Override
    public synchronized boolean isShutdown() {
        return shutdown;
    }

    @Override
    public synchronized void shutdownNow() {
        shutdown = true;
        pending.clear();
    }
}
