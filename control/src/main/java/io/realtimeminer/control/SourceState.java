package io.realtimeminer.control;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** What a source is doing, as GET /sources filters it and miner status counts it; the first that applies wins. */
public enum SourceState {
    /** Its template is paused ({@code "active": false}). */
    PAUSED,
    /** No live instance serves its pool: nobody polls it. */
    UNOWNED,
    /** Its last polls failed (alerts.failing.polls in a row), or the fetchers refused every version of its template. */
    FAILING,
    /** Its next poll is overdue (alerts.late.ms). */
    LATE,
    /** It answers, but has shown no new item for alerts.silent.factor times its usual gap. */
    SILENT,
    /** None of the above (a source not polled yet included). */
    OK;

    /** The name in URLs and JSON: lower case. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The state of that name, or null. */
    public static SourceState ofWireName(String name) {
        for (SourceState state : values()) {
            if (state.wireName().equals(name)) {
                return state;
            }
        }
        return null;
    }
}
