package io.realtimeminer.fetcher.schedule;

/** Told the status of every source after each of its polls, and of its deletion. Must not block. */
public interface SourceStatusListener {

    /** Tells nothing to nobody. */
    SourceStatusListener NONE = new SourceStatusListener() {
        @Override
        public void polled(SourceReport report) {
        }

        @Override
        public void deleted(String sourceId) {
        }
    };

    /** A poll of a source this instance owns ended, and its next one is scheduled. */
    void polled(SourceReport report);

    /** A source this instance owned was deleted (its template's tombstone). */
    void deleted(String sourceId);
}
