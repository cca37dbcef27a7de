package io.realtimeminer.fetcher.http;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The time one fetch may take as a whole. When it passes, the fetch fails with a message naming
 * the stage it was in, and whatever it waited for (a turn at the host, an exchange) is cancelled,
 * which frees the connection: a server that drips a byte a second holds a source no longer.
 */
final class FetchDeadline {

    private final CompletableFuture<FetchResponse> result = new CompletableFuture<>();
    private final Duration limit;
    private final String setting;
    private final long expiresAt;
    private final ScheduledFuture<?> alarm;
    private volatile String stage = "starting";
    private volatile Future<?> current;
    private volatile Runnable abort;

    /** @param setting the setting that sets {@code limit}, named in the failure; null when the caller set it */
    FetchDeadline(Duration limit, String setting, ScheduledExecutorService timer) {
        this.limit = limit;
        this.setting = setting;
        this.expiresAt = System.nanoTime() + limit.toNanos();
        this.alarm = timer.schedule(this::expire, limit.toNanos(), TimeUnit.NANOSECONDS);
        result.whenComplete((response, error) -> alarm.cancel(false));
    }

    CompletableFuture<FetchResponse> result() {
        return result;
    }

    /** What the fetch waits for now, e.g. "waiting for a turn at example.org:443". */
    void enter(String stage, Future<?> waitingFor) {
        enter(stage, waitingFor, null);
    }

    /** @param abort also run at expiry, for what cancelling the future alone does not stop */
    void enter(String stage, Future<?> waitingFor, Runnable abort) {
        this.stage = stage;
        this.current = waitingFor;
        this.abort = abort;
        if (result.isDone()) {
            stop(waitingFor, abort);
        }
    }

    boolean expired() {
        return result.isDone() || System.nanoTime() - expiresAt >= 0;
    }

    Duration remaining() {
        return Duration.ofNanos(Math.max(0, expiresAt - System.nanoTime()));
    }

    private void expire() {
        String message = "no complete response within " + limit.toMillis() + " ms" + (setting == null ? "" : " (" + setting + ")")
                + "; still " + stage;
        if (result.completeExceptionally(new FetchException(FailureKind.TIMEOUT, message))) {
            stop(current, abort);
        }
    }

    private static void stop(Future<?> pending, Runnable abort) {
        if (abort != null) {
            abort.run();
        }
        if (pending != null) {
            pending.cancel(true);
        }
    }
}
