package io.realtimeminer.control.alerting;

import java.time.Duration;

/**
 * How long to wait before the next attempt of a post: the first backoff doubled after each failed
 * attempt, at most {@link #MAX_BACKOFF}; a receiver's Retry-After is honoured up to
 * {@link #MAX_RETRY_AFTER}.
 */
final class RetryDelay {

    static final Duration MAX_BACKOFF = Duration.ofMinutes(1);
    static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(5);

    private RetryDelay() {
    }

    /**
     * @param failed     attempts that failed so far (1 after the first)
     * @param retryAfter what the receiver asked for, null when it did not
     */
    static Duration after(int failed, Duration first, Duration retryAfter) {
        if (retryAfter != null) {
            return retryAfter.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : retryAfter;
        }
        Duration wait = first;
        for (int i = 1; i < failed && wait.compareTo(MAX_BACKOFF) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait;
    }
}
