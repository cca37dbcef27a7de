package io.realtimeminer.control;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.List;

/**
 * One source in {@code GET /sources}: what its template says and how its last poll went.
 *
 * @param outcome             the last poll's outcome, null if it was not polled yet
 * @param templateViolations  what is wrong with the template's latest version, if the fetchers refuse it
 * @param pools               the pools its template names, in order of preference ({@code pool} is the first)
 * @param polledBy            the pool of the fetcher that polled it last: a later one of {@code pools} while its first is gone
 * @param freshnessMs         how long after its publication the newest item that tells its publication was
 *                            discovered (discovered - published); null when none tells
 * @param freshnessTargetMs   the template's freshness target; null for a source polled at a fixed interval or cron turns
 * @param expectedFreshnessMs how long an item posted now waits on average to be found, as its last poll planned
 *                            (half the planned interval); null for a source without a target
 * @param targetMet           whether its planned interval keeps within its target; false when the poll budget
 *                            cannot serve it; null for a source without a target
 */
public record SourceSummary(String id, String name, String kind, String url, String pool, List<String> tags, SourceState state,
                     String owner, @JsonProperty("last_poll") Instant lastPoll, String outcome,
                     @JsonProperty("consecutive_failures") int consecutiveFailures, @JsonProperty("schedule_lag_ms") long scheduleLagMs,
                     @JsonProperty("next_due") Instant nextDue, @JsonProperty("last_new_item") Instant lastNewItem,
                     @JsonProperty("last_error") String lastError, @JsonProperty("template_violations") int templateViolations,
                     @JsonProperty("freshness_ms") Long freshnessMs, List<String> pools,
                     @JsonProperty("polled_by") String polledBy,
                     @JsonProperty("freshness_target_ms") Long freshnessTargetMs,
                     @JsonProperty("expected_freshness_ms") Long expectedFreshnessMs,
                     @JsonProperty("target_met") Boolean targetMet) {
}
