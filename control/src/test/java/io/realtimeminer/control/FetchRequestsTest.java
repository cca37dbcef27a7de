package io.realtimeminer.control;

import io.realtimeminer.avro.SourceStatus;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FetchRequestsTest {

    private static final Instant T0 = Instant.parse("2026-12-02T12:00:00Z");

    private final FetchRequests requests = new FetchRequests();

    @Test
    void theFirstPollThatStartedAtOrAfterTheRequestAnswersItWhicheverIsReadFirst() {
        FetchRequests.FetchRequest asked = new FetchRequests.FetchRequest("r1", "s1", T0, "fetcher-1");
        SourceStatus before = poll("s1", T0.minusMillis(1));
        SourceStatus after = poll("s1", T0.plusSeconds(1));
        SourceStatus later = poll("s1", T0.plusSeconds(30));

        requests.requested(asked, List.of());
        requests.polled(before);
        requests.polled(poll("s2", T0.plusSeconds(1)));
        assertThat(requests.find("r1").orElseThrow().poll()).as("an earlier poll, another source's").isNull();
        requests.polled(after);
        requests.polled(later);
        assertThat(requests.find("r1").orElseThrow().poll()).isSameAs(after);

        // Read in the other order (a view catching up): the same answer.
        FetchRequests caughtUp = new FetchRequests();
        caughtUp.requested(asked, List.of(before, after, later));
        assertThat(caughtUp.find("r1").orElseThrow().poll()).isSameAs(after);
        caughtUp.requested(new FetchRequests.FetchRequest("r1", "s1", T0.plusSeconds(60), "again"), List.of());
        assertThat(caughtUp.find("r1").orElseThrow().request().requestedBy()).as("a request read twice stays as first read")
                .isEqualTo("fetcher-1");
    }

    @Test
    void aRequestIsPendingThenExpiredWithoutAPoll() {
        requests.requested(new FetchRequests.FetchRequest("r1", "s1", T0, "fetcher-1"), List.of());
        FetchRequests.Answer answer = requests.find("r1").orElseThrow();

        assertThat(answer.state(T0.plusSeconds(10))).isEqualTo("pending");
        assertThat(answer.state(T0.plus(FetchRequests.EXPIRY).plusSeconds(1))).isEqualTo("expired");
        assertThat(requests.find("r2")).isEmpty();
    }

    @Test
    void theOldestRequestsAreForgottenPastTheLimit() {
        for (int i = 0; i <= FetchRequests.KEPT; i++) {
            requests.requested(new FetchRequests.FetchRequest("r" + i, "s" + (i % 7), T0, "fetcher-1"), List.of());
        }
        assertThat(requests.find("r0")).isEmpty();
        assertThat(requests.find("r1")).isPresent();
        requests.polled(poll("s0", T0));
        assertThat(requests.find("r" + FetchRequests.KEPT).orElseThrow().state(T0)).isEqualTo("pending");
        assertThat(requests.find("r7").orElseThrow().state(T0)).isEqualTo("done");
    }

    private static SourceStatus poll(String sourceId, Instant started) {
        return SourceStatus.newBuilder().setSourceId(sourceId).setInstanceId("fetcher-1").setPool("default").setKind("feed")
                .setUrl("https://x.example/").setPollStarted(started).setPollEnded(started.plusSeconds(1)).setOutcome("unchanged")
                .setLatencyMs(1000).build();
    }
}
