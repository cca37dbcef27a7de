package io.realtimeminer.control;

import io.realtimeminer.avro.InstanceStatus;
import io.realtimeminer.avro.SourceStatus;
import io.realtimeminer.template.TemplateParser;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StatusReportTest {

    private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");

    @Test
    void printsInstancesSourcesByStateTheWorstSourcesAndTheOpenAlerts() {
        ClusterView view = new ClusterView(new TemplateParser());
        view.instance("fetcher-a", InstanceStatus.newBuilder().setInstanceId("fetcher-a").setRole("fetcher").setHost("h").setPid(7)
                .setPool("default").setVersion("dev").setStartedAt(NOW.minusSeconds(60)).setHeartbeatAt(NOW.minusSeconds(2))
                .setHeartbeatIntervalMs(5000).setSourcesOwned(2).setPollsPerSecond(1.5).setScheduleLagP99Ms(12)
                .setApiUrl("http://127.0.0.1:4100").build());
        view.template("good", "{\"url\":\"https://g.example/feed\",\"kind\":\"feed\"}");
        view.template("bad", "{\"url\":\"https://b.example/feed\",\"kind\":\"feed\"}");
        view.template("off", "{\"url\":\"https://o.example/feed\",\"kind\":\"feed\",\"active\":false}");
        view.status("bad", SourceStatus.newBuilder().setSourceId("bad").setInstanceId("fetcher-a").setPool("default").setKind("feed")
                .setUrl("https://b.example/feed").setPollStarted(NOW.minusSeconds(11)).setPollEnded(NOW.minusSeconds(10))
                .setOutcome("timeout").setLatencyMs(10_000).setConsecutiveFailures(4).setLastError("connect timed out")
                .setLastErrorAt(NOW.minusSeconds(10)).setNextDue(NOW.plusSeconds(50)).build());
        String out = print(view);
        assertThat(out).contains("Instances: 1 alive, 0 gone")
                .containsPattern("fetcher-a +fetcher +default +alive +2 sources +1\\.5 polls/s +lag p99 +12 ms +http://127.0.0.1:4100")
                .contains("Sources: 3 (paused 1, failing 1, ok 1)")
                .containsPattern("bad +failing +4 failures in a row, last poll 10 s ago, pool default, last error: connect timed out")
                .contains("Open alerts: 1")
                .containsPattern("source_failing +bad +4 failed polls in a row");
    }

    @Test
    void listsTheSourcesWhoseFreshnessTargetThePollBudgetCannotServe() {
        ClusterView view = new ClusterView(new TemplateParser());
        view.template("fixed", "{\"url\":\"https://f.example/feed\",\"kind\":\"feed\"}");
        view.template("served", "{\"url\":\"https://s.example/feed\",\"kind\":\"feed\",\"freshness\":\"PT1M\"}");
        view.template("starved", "{\"url\":\"https://t.example/feed\",\"kind\":\"feed\",\"freshness\":\"PT1M\"}");
        view.status("served", adaptive("served", true, 20_000));
        view.status("starved", adaptive("starved", false, 450_000));
        String out = print(view);
        assertThat(out).contains("Freshness targets: 2 sources, 1 not served (poll budget or server skip hours)")
                .containsPattern("starved +target +60\\.0 s, expected +450\\.0 s")
                .doesNotContainPattern("served +target");
    }

    private static String print(ClusterView view) {
        ControlSettings settings = new ControlSettings(true, "127.0.0.1", 0, List.of(), 3, Duration.ofMinutes(1), 4, Duration.ofSeconds(30));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new StatusReport(view, settings, Duration.ofSeconds(20)).print(new PrintStream(bytes, true, StandardCharsets.UTF_8), NOW, 10);
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static SourceStatus adaptive(String id, boolean met, long expectedMs) {
        return SourceStatus.newBuilder().setSourceId(id).setInstanceId("fetcher-a").setPool("default").setKind("feed")
                .setUrl("https://" + id + ".example/feed").setPollStarted(NOW.minusSeconds(11)).setPollEnded(NOW.minusSeconds(10))
                .setOutcome("not_modified").setLatencyMs(10).setNextDue(NOW.plusSeconds(50)).setFreshnessTargetMs(60_000L)
                .setPlannedIntervalMs(2 * expectedMs).setPlanReason(met ? "target" : "budget_short").setExpectedFreshnessMs(expectedMs)
                .setTargetMet(met).build();
    }
}
