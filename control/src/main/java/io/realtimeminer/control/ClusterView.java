package io.realtimeminer.control;

import io.realtimeminer.avro.InstanceStatus;
import io.realtimeminer.avro.SourceCommand;
import io.realtimeminer.avro.SourceStatus;
import io.realtimeminer.template.InvalidTemplateException;
import io.realtimeminer.template.SourceTemplate;
import io.realtimeminer.template.TemplateParser;
import io.realtimeminer.template.TemplateViolation;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What this instance knows of the whole cluster, from the compacted topics every instance reads:
 * each source's template (as the fetchers accept it), its latest status and its last polls, and
 * each instance's latest heartbeat. Fed by {@link ClusterViewReader}; read by the API from any
 * thread.
 */
public final class ClusterView {

    /** Polls kept per source, newest last. */
    public static final int RECENT_POLLS = 20;

    /**
     * A source's template as the topic holds it: its JSON and, when the fetchers accept it, the parsed
     * template (else the violations that make them refuse it, the previous valid version kept running).
     */
    public record TemplateEntry(String json, SourceTemplate template, List<TemplateViolation> violations) {
    }

    private final TemplateParser parser;
    private final Map<String, TemplateEntry> templates = new ConcurrentHashMap<>();
    private final Map<String, SourceStatus> statuses = new ConcurrentHashMap<>();
    private final Map<String, Deque<SourceStatus>> recentPolls = new ConcurrentHashMap<>();
    private final Map<String, InstanceStatus> instances = new ConcurrentHashMap<>();
    private final FetchRequests requests = new FetchRequests();
    private final ItemRate itemRate = new ItemRate();
    private volatile boolean caughtUp;

    public ClusterView(TemplateParser parser) {
        this.parser = parser;
    }

    /** A template record (null value: the source was deleted). */
    public void template(String sourceId, String json) {
        if (sourceId == null) {
            return;
        }
        if (json == null) {
            templates.remove(sourceId);
            return;
        }
        try {
            templates.put(sourceId, new TemplateEntry(json, parser.parse(sourceId, json), List.of()));
        } catch (InvalidTemplateException e) {
            // The fetchers keep polling the last valid version: keep it, with what is wrong with the new one.
            TemplateEntry previous = templates.get(sourceId);
            templates.put(sourceId, new TemplateEntry(json, previous == null ? null : previous.template(), e.violations()));
        }
    }

    /** A status record (null value: the source was deleted). */
    public void status(String sourceId, SourceStatus status) {
        if (sourceId == null) {
            return;
        }
        if (status == null) {
            statuses.remove(sourceId);
            recentPolls.remove(sourceId);
            return;
        }
        statuses.put(sourceId, status);
        Deque<SourceStatus> polls = recentPolls.computeIfAbsent(sourceId, id -> new ArrayDeque<>());
        synchronized (polls) {
            // The latest items are the source's, not the poll's: kept once (in statuses), not 20 times.
            polls.addLast(status.getLatestItems().isEmpty() ? status : SourceStatus.newBuilder(status).setLatestItems(List.of()).build());
            while (polls.size() > RECENT_POLLS) {
                polls.removeFirst();
            }
        }
        requests.polled(status);
        itemRate.polled(status);
    }

    /** New items per minute, from the polls this view has read. */
    public ItemRate itemRate() {
        return itemRate;
    }

    /** A command record (a fetch-now request), read from the topic or just made by this instance. */
    public void command(SourceCommand command) {
        if (command != null && "fetch".equals(command.getAction())) {
            requests.requested(FetchRequests.FetchRequest.of(command), recentPolls(command.getSourceId()));
        }
    }

    /** The fetch-now requests and what answered them. */
    public FetchRequests requests() {
        return requests;
    }

    /** A heartbeat (null value: the instance stopped cleanly). */
    public void instance(String instanceId, InstanceStatus status) {
        if (instanceId == null) {
            return;
        }
        if (status == null) {
            instances.remove(instanceId);
        } else {
            instances.put(instanceId, status);
        }
    }

    /** The topics were read up to where they ended when this instance started. */
    public void caughtUp() {
        caughtUp = true;
    }

    public boolean isCaughtUp() {
        return caughtUp;
    }

    public Map<String, TemplateEntry> templates() {
        return Map.copyOf(templates);
    }

    public Optional<TemplateEntry> template(String sourceId) {
        return Optional.ofNullable(templates.get(sourceId));
    }

    public Optional<SourceStatus> status(String sourceId) {
        return Optional.ofNullable(statuses.get(sourceId));
    }

    /** The source's last polls seen since this instance started (and those the topic still held), oldest first. */
    public List<SourceStatus> recentPolls(String sourceId) {
        Deque<SourceStatus> polls = recentPolls.get(sourceId);
        if (polls == null) {
            return List.of();
        }
        synchronized (polls) {
            return new ArrayList<>(polls);
        }
    }

    /** Every instance's latest heartbeat, gone ones included (see {@link SourceStates#alive}). */
    public Map<String, InstanceStatus> instances() {
        return Map.copyOf(instances);
    }
}
