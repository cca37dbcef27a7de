package io.realtimeminer.fetcher.schedule;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every source status a scheduler tells, in order, and the ids of deleted sources. */
final class CollectingStatusListener implements SourceStatusListener {

    final List<SourceReport> reports = new CopyOnWriteArrayList<>();
    final List<String> deleted = new CopyOnWriteArrayList<>();

    @Override
    public void polled(SourceReport report) {
        reports.add(report);
    }

    @Override
    public void deleted(String sourceId) {
        deleted.add(sourceId);
    }

    /** The last status told of {@code sourceId}. */
    SourceReport last(String sourceId) {
        return reports.stream().filter(r -> r.sourceId().equals(sourceId)).reduce((a, b) -> b).orElseThrow();
    }
}
