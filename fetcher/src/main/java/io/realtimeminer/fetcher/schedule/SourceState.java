package io.realtimeminer.fetcher.schedule;

import io.realtimeminer.template.SourceTemplate;

import java.time.Instant;
import java.util.concurrent.ScheduledFuture;

/** What an instance knows about one source it owns: its template, validators, seen items and its next turn. */
final class SourceState {

    private volatile SourceTemplate template;
    private volatile String etag;
    private volatile String lastModified;
    private volatile int consecutiveFailures;
    private final SeenItems seen;

    // Guarded by this.
    private ScheduledFuture<?> next;
    private Instant nextDue;
    private boolean polling;
    private boolean removed;

    SourceState(SourceTemplate template, int seenCapacity) {
        this.template = template;
        this.seen = new SeenItems(seenCapacity);
    }

    SourceTemplate template() {
        return template;
    }

    /** Replaces the template; validators are kept only while the URL stays the same. */
    void template(SourceTemplate update) {
        if (!update.url().equals(template.url())) {
            etag = null;
            lastModified = null;
        }
        this.template = update;
    }

    SeenItems seen() {
        return seen;
    }

    String etag() {
        return etag;
    }

    String lastModified() {
        return lastModified;
    }

    void validators(String etag, String lastModified) {
        this.etag = etag;
        this.lastModified = lastModified;
    }

    int consecutiveFailures() {
        return consecutiveFailures;
    }

    void recordOutcome(boolean failed) {
        consecutiveFailures = failed ? consecutiveFailures + 1 : 0;
    }

    synchronized void scheduled(ScheduledFuture<?> future, Instant due) {
        this.next = future;
        this.nextDue = due;
    }

    synchronized Instant nextDue() {
        return nextDue;
    }

    /** Cancels the pending turn; returns false when a poll is running (it reschedules itself when done). */
    synchronized boolean cancelPending() {
        if (next != null) {
            next.cancel(false);
            next = null;
        }
        return !polling;
    }

    synchronized boolean startPolling() {
        if (removed || polling) {
            return false;
        }
        polling = true;
        next = null;
        return true;
    }

    synchronized void finishPolling() {
        polling = false;
    }

    synchronized void markRemoved() {
        removed = true;
        cancelPending();
    }

    synchronized boolean removed() {
        return removed;
    }
}
