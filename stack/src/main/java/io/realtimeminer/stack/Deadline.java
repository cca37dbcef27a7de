package io.realtimeminer.stack;

import java.time.Duration;

/** The end of a wait for something to become ready, shared by every polling loop of the stack. */
final class Deadline {

    private final long endNanos;

    private Deadline(long endNanos) {
        this.endNanos = endNanos;
    }

    static Deadline after(Duration timeout) {
        return new Deadline(System.nanoTime() + timeout.toNanos());
    }

    boolean expired() {
        return System.nanoTime() - endNanos >= 0;
    }

    /** Milliseconds left, but at least {@code minimum} so that a last attempt can still succeed. */
    long remainingMillis(long minimum) {
        return Math.max(minimum, (endNanos - System.nanoTime()) / 1_000_000);
    }

    /** Fails, naming what was awaited and the last reason it was not there yet, once expired. */
    void check(String awaited, Throwable lastFailure) {
        if (expired()) {
            throw new IllegalStateException("Timed out waiting for " + awaited
                    + (lastFailure != null ? " (last: " + lastFailure + ")" : ""), lastFailure);
        }
    }

    void pause(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while starting", e);
        }
    }
}
