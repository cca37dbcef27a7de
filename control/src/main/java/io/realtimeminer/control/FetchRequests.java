package io.realtimeminer.control;

import io.realtimeminer.avro.SourceCommand;
import io.realtimeminer.avro.SourceStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The fetch-now requests of the commands topic and what answered them: the first poll of the
 * source that started at or after the request (any poll then answers "poll it now"). Requests and
 * polls are matched whichever is read first, so a view reading both topics from the start ends
 * the same. Thread-safe; keeps the latest {@link #KEPT} requests.
 */
public final class FetchRequests {

    /** Requests remembered at most (the topic keeps them a day). */
    static final int KEPT = 10_000;
    /**
     * A request no poll answered by then is expired: an owner acts on a command up to two minutes
     * after it was made, and a poll ends within its deadline.
     */
    public static final Duration EXPIRY = Duration.ofMinutes(5);

    /** A request, and the poll that answered it (null while none has). */
    public record Answer(FetchRequest request, SourceStatus poll) {

        /** done, pending or expired. */
        public String state(Instant now) {
            if (poll != null) {
                return "done";
            }
            return now.isAfter(request.requestedAt().plus(EXPIRY)) ? "expired" : "pending";
        }
    }

    private final LinkedHashMap<String, FetchRequest> requests = new LinkedHashMap<>();
    private final Map<String, SourceStatus> answers = new HashMap<>();
    /** The unanswered requests of each source. */
    private final Map<String, List<FetchRequest>> open = new HashMap<>();

    /** A request read from the topic or just made here (again: ignored). */
    public synchronized void requested(FetchRequest request, List<SourceStatus> recentPolls) {
        if (requests.containsKey(request.id())) {
            return;
        }
        requests.put(request.id(), request);
        SourceStatus answer = recentPolls.stream().filter(poll -> answers(poll, request)).findFirst().orElse(null);
        if (answer != null) {
            answers.put(request.id(), answer);
        } else {
            open.computeIfAbsent(request.sourceId(), id -> new ArrayList<>()).add(request);
        }
        if (requests.size() > KEPT) {
            Iterator<FetchRequest> oldest = requests.values().iterator();
            FetchRequest evicted = oldest.next();
            oldest.remove();
            answers.remove(evicted.id());
            close(evicted);
        }
    }

    /** A poll's status: it answers the source's open requests made before it started. */
    public synchronized void polled(SourceStatus poll) {
        List<FetchRequest> waiting = open.get(poll.getSourceId());
        if (waiting == null) {
            return;
        }
        for (Iterator<FetchRequest> it = waiting.iterator(); it.hasNext(); ) {
            FetchRequest request = it.next();
            if (answers(poll, request)) {
                answers.put(request.id(), poll);
                it.remove();
            }
        }
        if (waiting.isEmpty()) {
            open.remove(poll.getSourceId());
        }
    }

    private void close(FetchRequest request) {
        List<FetchRequest> waiting = open.get(request.sourceId());
        if (waiting != null && waiting.remove(request) && waiting.isEmpty()) {
            open.remove(request.sourceId());
        }
    }

    public synchronized Optional<Answer> find(String requestId) {
        FetchRequest request = requests.get(requestId);
        return request == null ? Optional.empty() : Optional.of(new Answer(request, answers.get(requestId)));
    }

    private static boolean answers(SourceStatus poll, FetchRequest request) {
        return poll.getSourceId().equals(request.sourceId()) && !poll.getPollStarted().isBefore(request.requestedAt());
    }

    /** A request as the commands topic holds it. */
    public record FetchRequest(String id, String sourceId, Instant requestedAt, String requestedBy) {

        static FetchRequest of(SourceCommand command) {
            return new FetchRequest(command.getRequestId(), command.getSourceId(), command.getRequestedAt(), command.getRequestedBy());
        }

        SourceCommand toAvro() {
            return SourceCommand.newBuilder().setRequestId(id).setSourceId(sourceId).setAction("fetch").setRequestedAt(requestedAt)
                    .setRequestedBy(requestedBy).build();
        }
    }
}
