package io.realtimeminer.stack;

import java.time.Duration;

/**
 * Hears about the stack's progress while it starts, e.g. to print it. Kafka, PostgreSQL and the
 * registry start in parallel: implementations are called from several threads.
 */
public interface StartListener {

    /** {@code component} is being started (embedded) or set up (the items sink). */
    default void starting(StackComponent component) {
    }

    /** {@code component} is ready at {@code address} after {@code took}. */
    default void started(StackComponent component, String address, Duration took) {
    }

    /** {@code component} is not started here: the external one at {@code address} is used. */
    default void external(StackComponent component, String address) {
    }

    /** A listener that ignores everything. */
    static StartListener silent() {
        return new StartListener() {
        };
    }
}
