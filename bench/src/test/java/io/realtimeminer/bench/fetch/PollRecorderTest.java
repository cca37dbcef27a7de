package io.realtimeminer.bench.fetch;

import io.realtimeminer.fetcher.schedule.PollResult;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class PollRecorderTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    @Test
    void onlyPollsDueInTheWindowMakeTheFigures() {
        PollRecorder recorder = new PollRecorder();
        recorder.window(T0.toEpochMilli(), T0.plusSeconds(60).toEpochMilli());

        recorder.onPoll(poll(T0.minusSeconds(1), 5_000, PollResult.Outcome.ITEMS, null));
        recorder.onPoll(poll(T0, 10, PollResult.Outcome.ITEMS, null));
        recorder.onPoll(poll(T0.plusSeconds(30), 20, PollResult.Outcome.NOT_MODIFIED, null));
        recorder.onPoll(poll(T0.plusSeconds(59), 30, PollResult.Outcome.FAILED, "HTTP 503 (Retry-After 42 s)"));
        recorder.onPoll(poll(T0.plusSeconds(60), 9_000, PollResult.Outcome.ITEMS, null));

        assertThat(recorder.completed()).isEqualTo(5);
        assertThat(recorder.inWindow()).isEqualTo(3);
        assertThat(recorder.lag().getMaxValue()).isEqualTo(30);
        assertThat(recorder.withItems()).isEqualTo(1);
        assertThat(recorder.notModified()).isEqualTo(1);
        assertThat(recorder.failuresByKind()).containsExactly(java.util.Map.entry("HTTP 503 (Retry-After N s)", 1L));
    }

    @Test
    void failureKindsForgetAddressesAndNumbersButKeepTheStatus() {
        assertThat(PollRecorder.kindOf("response from 127.1.2.3:8090 timed out: no data for 30000 ms"))
                .isEqualTo("response from <host> timed out: no data for N ms");
        assertThat(PollRecorder.kindOf("HTTP 503")).isEqualTo("HTTP 503");
        assertThat(PollRecorder.kindOf(null)).isEqualTo("(no message)");
    }

    private static PollResult poll(Instant due, long lagMillis, PollResult.Outcome outcome, String error) {
        return new PollResult("farm-1", outcome, due, Duration.ofMillis(lagMillis), Duration.ofMillis(300),
                outcome == PollResult.Outcome.FAILED ? 503 : 200, 3, 1, error);
    }
}
