package io.realtimeminer.fetcher.details;

import org.junit.jupiter.api.Test;

import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The committed offset moves only over a gap-free run of done records, whatever order they end in. */
class PartitionProgressTest {

    @Test
    void theCommitStopsAtTheFirstRecordNotDone() {
        PartitionProgress progress = new PartitionProgress();
        assertThat(progress.committable()).isEmpty();
        for (long offset = 10; offset < 15; offset++) {
            progress.polled(offset);
        }
        progress.done(11);
        progress.done(12);
        assertThat(progress.committable()).hasValue(10);
        progress.committed(10);
        assertThat(progress.committable()).isEmpty();

        progress.done(10);
        assertThat(progress.committable()).hasValue(13);
        assertThat(progress.firstPending()).hasValue(13);
        progress.done(14);
        progress.done(13);
        assertThat(progress.committable()).hasValue(15);
        assertThat(progress.firstPending()).isEqualTo(OptionalLong.empty());
        assertThat(progress.pendingCount()).isZero();
    }
}
