package io.realtimeminer.control.alerting;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class AlertChangesTest {

    private static final Instant T = Instant.parse("2026-12-03T06:00:00Z");
    private static final Alert POOL = new Alert("pool_without_instance", "eu", T, "pool 'eu' has no live fetcher");
    private static final Alert FAILING = new Alert("source_failing", "a", T.plusSeconds(60), "3 failed polls in a row");

    private final AlertChanges changes = new AlertChanges();

    @Test
    void theFirstLookOpensEveryAlertAndLaterOnesTellOnlyWhatChanged() {
        assertThat(changes.next(List.of(POOL))).extracting(e -> e.alert().key(), AlertEvent::event)
                .containsExactly(tuple("pool_without_instance/eu", "opened"));
        assertThat(changes.next(List.of(POOL))).isEmpty();
        assertThat(changes.next(List.of(POOL, FAILING))).extracting(e -> e.alert().key(), AlertEvent::event)
                .containsExactly(tuple("source_failing/a", "opened"));
        assertThat(changes.next(List.of(FAILING))).extracting(e -> e.alert().key(), AlertEvent::event)
                .containsExactly(tuple("pool_without_instance/eu", "resolved"));
        assertThat(changes.next(List.of())).extracting(e -> e.alert().key(), AlertEvent::event)
                .containsExactly(tuple("source_failing/a", "resolved"));
    }

    @Test
    void anAlertWhoseToldBeginningMovesStaysTheOneFirstSeen() {
        changes.next(List.of(FAILING));
        Alert later = new Alert("source_failing", "a", T.plusSeconds(600), "30 failed polls in a row");
        assertThat(changes.next(List.of(later))).isEmpty();
        List<AlertEvent> resolved = changes.next(List.of());
        assertThat(resolved).hasSize(1);
        assertThat(resolved.get(0).alert()).isEqualTo(FAILING);
        assertThat(resolved.get(0).idempotencyKey()).isEqualTo("source_failing/a/" + T.plusSeconds(60).toEpochMilli() + "/resolved");
    }

    @Test
    void aPosterThatStoppedTellingTellsEverythingOpenAgainWithTheSameKeys() {
        String first = changes.next(List.of(POOL)).get(0).idempotencyKey();
        changes.forget();
        List<AlertEvent> again = changes.next(List.of(POOL));
        assertThat(again).extracting(AlertEvent::idempotencyKey).containsExactly(first);
        // Another instance reading the same data tells the same change with the same key.
        assertThat(new AlertChanges().next(List.of(POOL)).get(0).idempotencyKey()).isEqualTo(first)
                .isEqualTo("pool_without_instance/eu/" + T.toEpochMilli() + "/opened");
    }
}
