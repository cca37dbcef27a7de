package io.realtimeminer.control;

import io.realtimeminer.avro.InstanceStatus;
import io.realtimeminer.avro.SourceStatus;
import io.realtimeminer.control.alerting.Alert;
import io.realtimeminer.template.TemplateParser;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class AlertsTest {

    private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");
    private static final ControlSettings SETTINGS = new ControlSettings(true, "127.0.0.1", 0, List.of(), 3, Duration.ofMinutes(1), 4,
            Duration.ofSeconds(30));

    private final ClusterView view = new ClusterView(new TemplateParser());
    private final Alerts alerts = new Alerts(view, new SourceStates(SETTINGS, Duration.ofSeconds(20)), SETTINGS, Duration.ofSeconds(20));

    @Test
    void aPoolWhoseFetchersAreAllGoneRaisesItsAlertOnceTheThresholdHasPassed() {
        feed("eu-1", "eu", true);
        feed("eu-2", "eu", true);
        feed("asia-1", "asia", true);
        feed("paused", "mars", false);
        feed("ok", "default", true);
        view.instance("f-default", fetcher("f-default", "default", NOW.minusSeconds(2)));
        // The last eu fetcher's heartbeat timed out 20 s after NOW - 100 s: gone since NOW - 80 s.
        view.instance("f-eu", fetcher("f-eu", "eu", NOW.minusSeconds(100)));

        List<Alert> open = alerts.open(NOW);
        assertThat(open).extracting(Alert::kind, Alert::subject).containsExactly(
                tuple(Alerts.POOL_WITHOUT_INSTANCE, "eu"));
        assertThat(open.get(0).since()).isEqualTo(NOW.minusSeconds(80));
        assertThat(open.get(0).message()).contains("2 source(s) are not polled").contains("miner fetcher --pool eu");

        // No heartbeat tells when asia lost its fetchers: it counts from when this instance first saw it.
        assertThat(alerts.open(NOW.plusSeconds(29))).extracting(Alert::subject).containsExactly("eu");
        assertThat(alerts.open(NOW.plusSeconds(30))).extracting(Alert::subject).containsExactly("asia", "eu");
        assertThat(Alerts.counts(alerts.open(NOW.plusSeconds(30)))).containsEntry(Alerts.POOL_WITHOUT_INSTANCE, 2L)
                .containsEntry(Alerts.SOURCE_LATE, 0L);

        // A fetcher of eu comes back: its alert closes.
        view.instance("f-eu", fetcher("f-eu", "eu", NOW.plusSeconds(30)));
        assertThat(alerts.open(NOW.plusSeconds(31))).extracting(Alert::subject).containsExactly("asia");
    }

    @Test
    void failingLateSilentAndBrokenSourcesRaiseTheirs() {
        view.instance("f", fetcher("f", "default", NOW.minusSeconds(1)));
        feed("failing", "default", true);
        view.status("failing", status("failing", 5, NOW.plusSeconds(30), 10, "http_error"));
        feed("late", "default", true);
        view.status("late", status("late", 0, NOW.minusSeconds(120), 10, "unchanged"));
        feed("silent", "default", true);
        SourceStatus silent = status("silent", 0, NOW.plusSeconds(30), 10, "unchanged");
        silent.setLastNewItemAt(NOW.minus(Duration.ofHours(5)));
        silent.setUsualNewItemGapMs(Duration.ofHours(1).toMillis());
        view.status("silent", silent);
        feed("broken", "default", true);
        view.status("broken", status("broken", 0, NOW.plusSeconds(30), 25, "new_items"));
        view.status("broken", status("broken", 0, NOW.plusSeconds(30), 0, "unchanged"));
        feed("quiet", "default", true);
        view.status("quiet", status("quiet", 0, NOW.plusSeconds(30), 10, "not_modified"));

        List<Alert> open = alerts.open(NOW);
        assertThat(open).extracting(Alert::kind, Alert::subject).containsExactly(
                tuple(Alerts.SOURCE_FAILING, "failing"),
                tuple(Alerts.SOURCE_LATE, "late"),
                tuple(Alerts.SOURCE_SILENT, "silent"),
                tuple(Alerts.EXTRACTION_BROKE, "broken"));
        assertThat(open.get(0).message()).isEqualTo("5 failed polls in a row; last error: HTTP 503");
        assertThat(open.get(3).message()).contains("after 25");
        assertThat(Alerts.counts(open)).isEqualTo(Map.of(Alerts.POOL_WITHOUT_INSTANCE, 0L, Alerts.SOURCE_FAILING, 1L,
                Alerts.SOURCE_LATE, 1L, Alerts.SOURCE_SILENT, 1L, Alerts.EXTRACTION_BROKE, 1L));
    }

    private void feed(String id, String pool, boolean active) {
        view.template(id, "{\"url\":\"https://x.example/" + id + "\",\"kind\":\"feed\",\"pool\":\"" + pool + "\",\"active\":" + active + "}");
    }

    @Test
    void aFailingOrBrokenSourceKeepsTheBeginningOfItsTroubleWhileItLasts() {
        view.instance("f", fetcher("f", "default", NOW.minusSeconds(1)));
        feed("failing", "default", true);
        feed("broken", "default", true);
        view.status("failing", polled("failing", 0, 10, "new_items", NOW.minusSeconds(300)));
        view.status("broken", polled("broken", 0, 10, "new_items", NOW.minusSeconds(300)));
        for (int poll = 1; poll <= 4; poll++) {
            Instant ended = NOW.minusSeconds(300 - poll * 60L);
            view.status("failing", polled("failing", poll, 0, "http_error", ended));
            view.status("broken", polled("broken", 0, 0, "unchanged", ended));
        }
        // Four failed (empty) polls since NOW - 240 s, the first of them: every next one keeps that beginning.
        assertThat(alerts.open(NOW)).extracting(Alert::kind, Alert::subject, Alert::since).containsExactly(
                tuple(Alerts.SOURCE_FAILING, "failing", NOW.minusSeconds(240)),
                tuple(Alerts.EXTRACTION_BROKE, "broken", NOW.minusSeconds(240)));
        assertThat(alerts.open(NOW).get(1).message()).contains("after 10 at " + NOW.minusSeconds(300));
    }

    private static SourceStatus polled(String id, int failures, int found, String outcome, Instant ended) {
        return SourceStatus.newBuilder(status(id, failures, ended.plusSeconds(60), found, outcome)).setPollStarted(ended.minusSeconds(1))
                .setPollEnded(ended).setLastErrorAt(failures > 0 ? ended : null).build();
    }

    private static InstanceStatus fetcher(String id, String pool, Instant heartbeat) {
        return InstanceStatus.newBuilder().setInstanceId(id).setRole("fetcher").setHost("h").setPid(1).setPool(pool).setVersion("dev")
                .setStartedAt(NOW.minusSeconds(3600)).setHeartbeatAt(heartbeat).setHeartbeatIntervalMs(5000).build();
    }

    private static SourceStatus status(String id, int failures, Instant nextDue, int found, String outcome) {
        return SourceStatus.newBuilder().setSourceId(id).setInstanceId("f").setPool("default").setKind("feed")
                .setUrl("https://x.example/").setPollStarted(NOW.minusSeconds(6)).setPollEnded(NOW.minusSeconds(5))
                .setOutcome(outcome).setHttpStatus(failures > 0 ? 503 : 200).setLatencyMs(100).setItemsFound(found)
                .setConsecutiveFailures(failures).setLastError(failures > 0 ? "HTTP 503" : null)
                .setLastErrorAt(failures > 0 ? NOW.minusSeconds(5) : null).setNextDue(nextDue).build();
    }
}
