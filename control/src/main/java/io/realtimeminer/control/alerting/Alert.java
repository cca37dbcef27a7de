package io.realtimeminer.control.alerting;

import java.time.Instant;

/**
 * Something an operator should look at.
 *
 * @param kind    what kind of trouble (pool_without_instance, source_failing, ...: see the control plane's Alerts)
 * @param subject the pool or source it is about
 * @param since   when the condition began, as far as the data tells; null when it does not
 * @param message what is wrong, readable as it is
 */
public record Alert(String kind, String subject, Instant since, String message) {

    /** What it is about: one alert of a kind per subject is open at a time. */
    public String key() {
        return kind + "/" + subject;
    }

    /** This occurrence: its kind, subject and beginning (the same on every instance that reads the same data). */
    public String id() {
        return key() + "/" + (since == null ? "-" : since.toEpochMilli());
    }
}
