package io.realtimeminer.fetcher.schedule;

/**
 * Told when a poll changed what an owner knows about a source (validators, sent items, failures,
 * backoff); at most once per poll, never for a poll that changed nothing. Must not block.
 */
@FunctionalInterface
public interface FetchStateListener {

    /** Keeps the state nowhere: a new owner starts from scratch. */
    FetchStateListener NONE = (sourceId, state) -> { };

    void changed(String sourceId, FetchState state);
}
