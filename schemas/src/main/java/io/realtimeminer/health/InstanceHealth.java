package io.realtimeminer.health;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Whether every long-running part of an instance still works. A component thread that ends with
 * an exception cannot recover by itself: it is recorded here, and whoever runs the instance exits
 * so that its sources move to the other instances, instead of a live process that polls nothing.
 */
public final class InstanceHealth {

    private static final Logger LOG = LoggerFactory.getLogger(InstanceHealth.class);

    private final AtomicReference<String> failure = new AtomicReference<>();

    /** A thread running {@code body}; an exception (or error) that ends it marks the instance failed. */
    public Thread thread(String name, Runnable body) {
        return new Thread(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                // Recorded and logged with its stack trace; not rethrown, which would print it on the console too.
                failed(name, e);
            }
        }, name);
    }

    /** Marks the instance failed; the first failure is the one reported. */
    public void failed(String component, Throwable cause) {
        record(component + " stopped: " + cause, cause);
    }

    /** Marks the instance failed for {@code reason} (a component in a state it cannot leave); the first failure is the one reported. */
    public void failed(String reason) {
        record(reason, null);
    }

    private void record(String reason, Throwable cause) {
        if (failure.compareAndSet(null, reason)) {
            LOG.error("{}; the instance is no longer healthy", reason, cause);
        }
    }

    /** Why the instance can no longer do its work, or empty while it is healthy. */
    public Optional<String> failure() {
        return Optional.ofNullable(failure.get());
    }
}
