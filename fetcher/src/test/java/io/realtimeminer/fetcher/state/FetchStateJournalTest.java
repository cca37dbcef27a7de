package io.realtimeminer.fetcher.state;

import io.realtimeminer.fetcher.schedule.FetchState;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The journal hands a source's state from owner to owner, and writes only for sources owned now. */
class FetchStateJournalTest {

    private final MemoryFetchStateStore store = new MemoryFetchStateStore();
    private final FetchStateJournal journal = new FetchStateJournal(store, Duration.ofSeconds(1));

    @Test
    void aSourceTakesOverTheStateOfItsPartitionOnce() {
        store.put("a", 0, state("\"v1\"")).put("b", 1, state("\"v2\""));
        journal.assigned(List.of(0));

        assertThat(journal.owned("a", 0)).isEqualTo(state("\"v1\""));
        assertThat(journal.owned("a", 0)).as("an update of a source owned already takes nothing").isNull();
        assertThat(journal.owned("b", 0)).as("only the partition's own states are read").isNull();
        assertThat(store.calls()).containsExactly("read [0]");
    }

    @Test
    void writesTheStatesOfOwnedSourcesToTheirPartitionOnly() {
        journal.assigned(List.of(3));
        journal.owned("a", 3);
        journal.changed("a", state("\"v1\""));
        journal.changed("stranger", state("\"v9\""));

        assertThat(store.calls()).containsExactly("read [3]", "write a@3");
        assertThat(store.get("a", 3)).isEqualTo(state("\"v1\""));
    }

    @Test
    void aRevokedPartitionIsStoredBeforeItsNextOwnerReadsItAndWrittenNoMore() throws InterruptedException {
        journal.assigned(List.of(0, 1));
        journal.owned("a", 0);
        journal.owned("b", 1);
        journal.changed("a", state("\"v1\""));

        journal.released(List.of(0), true);
        journal.changed("a", state("\"late\""));
        journal.changed("b", state("\"v2\""));

        assertThat(store.calls()).containsExactly("read [0, 1]", "write a@0", "flush", "write b@1");
        assertThat(store.get("a", 0)).isEqualTo(state("\"v1\""));
    }

    @Test
    void aLostPartitionIsNeitherFlushedNorWrittenAgain() throws InterruptedException {
        journal.assigned(List.of(0));
        journal.owned("a", 0);
        journal.released(List.of(0), false);
        journal.changed("a", state("\"late\""));

        assertThat(store.calls()).containsExactly("read [0]");
    }

    @Test
    void aDeletedTemplateDeletesTheStateOfItsOwnerOrOfItsPartition() {
        store.put("gone-before", 0, state("\"x\""));
        journal.assigned(List.of(0));
        journal.owned("a", 0);

        journal.deleted("a", 0, true);
        journal.deleted("gone-before", 0, false);
        journal.deleted("never-here", 0, false);
        journal.changed("a", state("\"late\""));

        assertThat(store.calls()).containsExactly("read [0]", "delete a@0", "delete gone-before@0");
    }

    @Test
    void aSourceOfAnotherPoolIsNotWritten() {
        store.put("eu", 0, state("\"x\""));
        journal.assigned(List.of(0));
        journal.owned("eu", 0);
        journal.notOwned("eu", 0);
        journal.changed("eu", state("\"y\""));

        assertThat(store.calls()).containsExactly("read [0]");
    }

    @Test
    void anUnreadableStoreOnlyCostsAFreshStart() {
        FetchStateJournal failing = new FetchStateJournal(new MemoryFetchStateStore() {
            @Override
            public java.util.Map<Integer, java.util.Map<String, FetchState>> read(java.util.Collection<Integer> wanted, Duration timeout) {
                throw new IllegalStateException("broker away");
            }
        }, Duration.ofSeconds(1));
        failing.assigned(List.of(0));
        assertThat(failing.owned("a", 0)).isNull();
    }

    private static FetchState state(String etag) {
        return new FetchState("http://h/feed", etag, null, List.of(new FetchState.Seen("a:01", 7L)), 0, null,
                Instant.parse("2026-01-01T00:00:00Z"));
    }
}
