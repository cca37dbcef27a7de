package io.realtimeminer.control.alerting;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which alerts opened and which resolved since the previous look. The first look opens every
 * alert then open: an instance that takes over posting cannot know what its predecessor told, so
 * it tells again (with the same idempotency keys). An alert stays the same one while its kind and
 * subject stay open, even when the beginning the data tells moves (a source failing longer than its
 * kept polls): it is told as it was first seen, opened and resolved once.
 */
public final class AlertChanges {

    private Map<String, Alert> previous;

    /** The changes from the previous look to {@code open}: resolved ones first, then opened ones, in the given order. */
    public synchronized List<AlertEvent> next(List<Alert> open) {
        Map<String, Alert> now = new LinkedHashMap<>();
        List<AlertEvent> events = new ArrayList<>();
        for (Alert alert : open) {
            Alert seen = previous == null ? null : previous.get(alert.key());
            if (seen == null && !now.containsKey(alert.key())) {
                events.add(new AlertEvent(alert, true));
            }
            now.putIfAbsent(alert.key(), seen == null ? alert : seen);
        }
        if (previous != null) {
            List<AlertEvent> resolved = new ArrayList<>();
            previous.forEach((key, alert) -> {
                if (!now.containsKey(key)) {
                    resolved.add(new AlertEvent(alert, false));
                }
            });
            events.addAll(0, resolved);
        }
        previous = now;
        return events;
    }

    /** Forgets the previous look: the next one opens every alert again (this instance stopped posting meanwhile). */
    public synchronized void forget() {
        previous = null;
    }
}
