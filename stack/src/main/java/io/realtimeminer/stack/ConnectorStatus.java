package io.realtimeminer.stack;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@code GET /connectors/<name>/status} says of a connector: its state and that of each of
 * its tasks (RUNNING, FAILED, PAUSED, UNASSIGNED, ...), with Connect's trace for a part that FAILED.
 */
public record ConnectorStatus(String name, String state, List<Task> tasks, String trace) {

    public static final String RUNNING = "RUNNING";
    public static final String FAILED = "FAILED";

    /** One task of the connector. */
    public record Task(int id, String state, String trace) {
    }

    /** One part (the connector itself or a task) that FAILED, and why. */
    public record Failure(String part, String trace) {

        private static final String CAUSED_BY = "Caused by:";

        /** The first line of the trace (the exception and its message), and its root cause's when it has one. */
        public String reason() {
            String[] lines = trace.strip().split("\\R");
            String rootCause = null;
            for (String line : lines) {
                if (line.startsWith(CAUSED_BY)) {
                    rootCause = line.substring(CAUSED_BY.length()).trim();
                }
            }
            return rootCause == null ? lines[0].trim() : lines[0].trim() + ", caused by " + rootCause;
        }

        @Override
        public String toString() {
            return part + ": " + reason();
        }
    }

    public ConnectorStatus {
        tasks = List.copyOf(tasks);
    }

    static ConnectorStatus parse(String name, JsonNode status) {
        List<Task> tasks = new ArrayList<>();
        for (JsonNode task : status.path("tasks")) {
            tasks.add(new Task(task.path("id").asInt(), task.path("state").asText(), task.path("trace").asText("")));
        }
        JsonNode connector = status.path("connector");
        return new ConnectorStatus(name, connector.path("state").asText(), tasks, connector.path("trace").asText(""));
    }

    /** The connector and every task of it run (and it has tasks). */
    public boolean isRunning() {
        return RUNNING.equals(state) && !tasks.isEmpty() && tasks.stream().allMatch(task -> RUNNING.equals(task.state()));
    }

    /** The parts that FAILED: the connector, then its tasks; empty when none did. */
    public List<Failure> failures() {
        List<Failure> failures = new ArrayList<>();
        if (FAILED.equals(state)) {
            failures.add(new Failure("connector " + name, trace));
        }
        for (Task task : tasks) {
            if (FAILED.equals(task.state())) {
                failures.add(new Failure(name + " task " + task.id(), task.trace()));
            }
        }
        return failures;
    }
}
