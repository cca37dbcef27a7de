package io.realtimeminer.fetcher.schedule;

import io.realtimeminer.template.SourceTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.concurrent.ScheduledFuture;

/**
 * What an instance knows about one source it owns: its template (and parsed cron), validators,
 * seen items, failures in a row, the earliest time it may be polled again and its next turn.
 */
final class SourceState {

    private static final Logger LOG = LoggerFactory.getLogger(SourceState.class);

    private volatile SourceTemplate template;
    private volatile CronTurns cron;
    private volatile String etag;
    private volatile String lastModified;
    private volatile int consecutiveFailures;
    private volatile Instant notBefore;
    private final SeenItems seen;

    // Guarded by this.
    private ScheduledFuture<?> next;
    private Instant nextDue;
    private boolean polling;
    private boolean removed;

    SourceState(SourceTemplate template, int seenCapacity) {
        this.template = template;
        this.cron = cronOf(template);
        this.seen = new SeenItems(seenCapacity);
    }

    SourceTemplate template() {
        return template;
    }

    /**
     * Replaces the template; validators are kept only while the URL stays the same. A changed
     * template is tried at its next turn whatever the old one's failures asked for.
     */
    void template(SourceTemplate update) {
        if (!update.url().equals(template.url())) {
            etag = null;
            lastModified = null;
        }
        if (!update.equals(template)) {
            notBefore = null;
        }
        this.cron = cronOf(update);
        this.template = update;
    }

    /** The parsed cron expression of the template, or null to poll at the interval. */
    CronTurns cron() {
        return cron;
    }

    /** The earliest time of the next poll set by backoff or Retry-After, or null. */
    Instant notBefore() {
        return notBefore;
    }

    void notBefore(Instant earliest) {
        this.notBefore = earliest;
    }

    private static CronTurns cronOf(SourceTemplate template) {
        if (template.cron() == null || template.cron().isBlank()) {
            return null;
        }
        try {
            return CronTurns.parse(template.id(), template.cron());
        } catch (IllegalArgumentException e) {
            // The template parser validates cron; one that slips through falls back to the interval.
            LOG.warn("source {}: cron '{}' is invalid ({}); polling every {} instead", template.id(), template.cron(),
                    e.getMessage(), template.interval());
            return null;
        }
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

    /** @return the failures in a row after this outcome */
    int recordOutcome(boolean failed) {
        consecutiveFailures = failed ? consecutiveFailures + 1 : 0;
        return consecutiveFailures;
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
