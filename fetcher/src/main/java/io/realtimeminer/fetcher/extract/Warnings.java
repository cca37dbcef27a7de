package io.realtimeminer.fetcher.extract;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts problems of one extraction by kind, so that a page with 40 bad dates says so in one line
 * ("40 published values not readable as dates, e.g. 'yesterday'") rather than 40.
 */
final class Warnings {

    private final Map<String, Integer> counts = new LinkedHashMap<>();
    private final Map<String, String> examples = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();

    /**
     * One more occurrence of {@code problem}, e.g. "item{s} without title or link skipped"; the
     * count is put before it, and {@code {s}} becomes "s" unless the count is one.
     */
    void count(String problem) {
        counts.merge(problem, 1, Integer::sum);
    }

    /** Like {@link #count(String)}, remembering the first offending value to show. */
    void count(String problem, String example) {
        count(problem);
        examples.putIfAbsent(problem, example);
    }

    /** A warning that happens once per document, e.g. a selector that matched nothing. */
    void note(String warning) {
        notes.add(warning);
    }

    List<String> toList() {
        List<String> lines = new ArrayList<>(notes);
        counts.forEach((problem, count) -> {
            String example = examples.get(problem);
            String counted = count + " " + problem.replace("{s}", count == 1 ? "" : "s");
            lines.add(counted + (example == null ? "" : ", e.g. '" + abbreviate(example) + "'"));
        });
        return lines;
    }

    private static String abbreviate(String value) {
        return value.length() <= 60 ? value : value.substring(0, 57) + "...";
    }
}
