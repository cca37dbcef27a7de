package io.realtimeminer.control;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The filters, order and page of {@code GET /sources}, read from the query string: {@code state},
 * {@code pool}, {@code tag}, {@code kind} (each repeatable: any of the values), {@code sort} (one
 * of {@link #SORTS}, {@code -} first for descending), {@code offset} and {@code limit}. A value it
 * does not know is refused with the ones it knows.
 */
record SourceQuery(List<SourceState> states, List<String> pools, List<String> tags, List<String> kinds, Boolean targetMet, String sort,
                   boolean descending, int offset, int limit) {

    static final List<String> SORTS = List.of("id", "state", "last_poll", "last_new_item", "failures", "lag", "expected_freshness");
    static final List<String> KINDS = List.of("feed", "html", "json", "hackernews");
    private static final List<String> PARAMETERS = List.of("state", "pool", "tag", "kind", "target", "sort", "offset", "limit");

    static SourceQuery of(Map<String, List<String>> parameters) {
        Paging page = Paging.of(parameters, PARAMETERS);
        List<SourceState> states = values(parameters, "state").stream().map(name -> {
            SourceState state = SourceState.ofWireName(name);
            if (state == null) {
                throw new ApiException(400, "unknown state '" + name + "'; known: "
                        + Arrays.stream(SourceState.values()).map(SourceState::wireName).collect(Collectors.joining(", ")));
            }
            return state;
        }).toList();
        List<String> kinds = values(parameters, "kind");
        kinds.stream().filter(k -> !KINDS.contains(k)).findFirst().ifPresent(k -> {
            throw new ApiException(400, "unknown kind '" + k + "'; known: " + String.join(", ", KINDS));
        });
        String target = Paging.single(parameters, "target", "");
        if (!List.of("", "met", "missed").contains(target)) {
            throw new ApiException(400, "unknown target '" + target + "'; known: met, missed");
        }
        String sort = Paging.single(parameters, "sort", "id");
        boolean descending = sort.startsWith("-");
        String field = descending ? sort.substring(1) : sort;
        if (!SORTS.contains(field)) {
            throw new ApiException(400, "unknown sort '" + sort + "'; known: " + String.join(", ", SORTS) + " (a leading - for descending)");
        }
        return new SourceQuery(states, values(parameters, "pool"), values(parameters, "tag"), kinds,
                target.isEmpty() ? null : target.equals("met"), field, descending, page.offset(), page.limit());
    }

    private static List<String> values(Map<String, List<String>> parameters, String name) {
        return parameters.getOrDefault(name, List.of()).stream()
                .flatMap(v -> Arrays.stream(v.split(","))).map(String::strip).filter(v -> !v.isEmpty()).toList();
    }

    boolean accepts(SourceSummary source) {
        return (states.isEmpty() || states.contains(source.state()))
                && (pools.isEmpty() || source.pools().stream().anyMatch(pools::contains))
                && (kinds.isEmpty() || kinds.contains(source.kind()))
                && (tags.isEmpty() || source.tags().stream().anyMatch(tags::contains))
                && (targetMet == null || targetMet.equals(source.targetMet()));
    }

    Comparator<SourceSummary> order() {
        Comparator<SourceSummary> byField = switch (sort) {
            case "state" -> Comparator.comparing(SourceSummary::state);
            case "last_poll" -> Comparator.comparing(SourceSummary::lastPoll, Comparator.nullsFirst(Comparator.naturalOrder()));
            case "last_new_item" -> Comparator.comparing(SourceSummary::lastNewItem, Comparator.nullsFirst(Comparator.naturalOrder()));
            case "failures" -> Comparator.comparingInt(SourceSummary::consecutiveFailures);
            case "lag" -> Comparator.comparingLong(SourceSummary::scheduleLagMs);
            case "expected_freshness" -> Comparator.comparing(SourceSummary::expectedFreshnessMs, Comparator.nullsFirst(Comparator.naturalOrder()));
            default -> Comparator.comparing(SourceSummary::id);
        };
        // Ties in id order, whatever the direction, so that pages do not overlap.
        return (descending ? byField.reversed() : byField).thenComparing(SourceSummary::id);
    }
}
