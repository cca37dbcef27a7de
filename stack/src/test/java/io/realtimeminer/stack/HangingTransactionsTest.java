package io.realtimeminer.stack;

import io.realtimeminer.stack.HangingTransactions.Decision;
import io.realtimeminer.stack.HangingTransactions.Ending;
import io.realtimeminer.stack.HangingTransactions.OpenTransaction;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class HangingTransactionsTest {

    private static final TopicPartition ITEMS = new TopicPartition("miner.items.new", 0);
    private static final TopicPartition OFFSETS = new TopicPartition("__consumer_offsets", 1);
    private static final TopicPartition CHANGELOG = new TopicPartition("miner-dedupe-dedupe-seen-items-changelog", 0);
    private static final long PRODUCER = 7;

    @Test
    void aTransactionTheCoordinatorRecordsAsCommittedWhileItsPartitionsAreOpenIsCommittedThere() {
        // What Kafka 4.3.1 leaves after a crash between PrepareCommit (epoch 51) and the markers.
        Decision decision = HangingTransactions.decide(
                Map.of(ITEMS, List.of(open(50)), OFFSETS, List.of(open(50)), CHANGELOG, List.of(open(50))),
                Map.of(PRODUCER, coordinator(TransactionState.COMPLETE_COMMIT, 51, Set.of())));

        assertThat(decision.end()).containsExactly(
                new Ending(PRODUCER, 50, true, (short) 51, (short) 2, 4, List.of(OFFSETS, CHANGELOG, ITEMS)));
        assertThat(decision.unrepairable()).isEmpty();
        assertThat(decision.waiting()).isEmpty();
    }

    @Test
    void aTransactionThatReachedSomePartitionsIsFinishedAsTheCoordinatorDecidedOnTheOthers() {
        // The changelog got its commit marker (closed, at the marker's epoch 51); the others did not.
        Decision decision = HangingTransactions.decide(
                Map.of(ITEMS, List.of(open(50)), OFFSETS, List.of(open(50)), CHANGELOG, List.of(closed(51))),
                Map.of(PRODUCER, coordinator(TransactionState.COMPLETE_COMMIT, 51, Set.of())));

        assertThat(decision.end()).containsExactly(new Ending(PRODUCER, 50, true, (short) 51, (short) 2, 4, List.of(OFFSETS, ITEMS)));
    }

    @Test
    void anAbortedOneIsAbortedOnItsOpenPartitions() {
        Decision decision = HangingTransactions.decide(Map.of(ITEMS, List.of(open(50))),
                Map.of(PRODUCER, coordinator(TransactionState.COMPLETE_ABORT, 51, Set.of())));

        assertThat(decision.end()).containsExactly(new Ending(PRODUCER, 50, false, (short) 51, (short) 2, 4, List.of(ITEMS)));
    }

    @Test
    void aTransactionTheCoordinatorIsRunningIsLeftAlone() {
        Decision decision = HangingTransactions.decide(Map.of(ITEMS, List.of(open(50)), OFFSETS, List.of(open(50))),
                Map.of(PRODUCER, coordinator(TransactionState.ONGOING, 50, Set.of(ITEMS, OFFSETS))));

        assertThat(decision.end()).isEmpty();
        assertThat(decision.waiting()).isEmpty();
    }

    @Test
    void aTransactionBeingFinishedIsWaitedFor() {
        // Its markers may still be delivered, or dropped by the coordinator a few seconds after a start.
        Map<TopicPartition, List<ProducerState>> producers = Map.of(ITEMS, List.of(open(50)), OFFSETS, List.of(open(50)));
        for (TransactionDescription finishing : List.of(coordinator(TransactionState.PREPARE_COMMIT, 51, Set.of(ITEMS, OFFSETS)),
                coordinator(TransactionState.PREPARE_ABORT, 51, Set.of(ITEMS, OFFSETS)))) {
            Decision decision = HangingTransactions.decide(producers, Map.of(PRODUCER, finishing));

            assertThat(decision.end()).isEmpty();
            assertThat(decision.waiting()).extracting(OpenTransaction::partition).containsExactly(OFFSETS, ITEMS);
        }
    }

    @Test
    void whenTheCoordinatorNoLongerTellsTheOutcomeATransactionNoPartitionEndedIsAbortedEverywhere() {
        // The producer's next transaction runs; the one at epoch 50 never reached any partition's marker.
        Decision decision = HangingTransactions.decide(Map.of(ITEMS, List.of(open(50)), OFFSETS, List.of(open(51))),
                Map.of(PRODUCER, coordinator(TransactionState.ONGOING, 51, Set.of(OFFSETS))));

        assertThat(decision.end()).containsExactly(new Ending(PRODUCER, 50, false, (short) 50, (short) 0, 4, List.of(ITEMS)));
        assertThat(decision.waiting()).isEmpty();
    }

    @Test
    void whenTheCoordinatorNoLongerTellsTheOutcomeOfATransactionThatReachedSomePartitionsItIsReported() {
        Decision decision = HangingTransactions.decide(
                Map.of(ITEMS, List.of(open(50)), OFFSETS, List.of(open(50)), CHANGELOG, List.of(closed(51))),
                Map.of(PRODUCER, coordinator(TransactionState.EMPTY, 53, Set.of())));

        assertThat(decision.end()).isEmpty();
        assertThat(decision.unrepairable()).singleElement().asString().contains("7/50").contains(ITEMS.toString());
    }

    @Test
    void whatTheCoordinatorHasNotFinishedOrDoesNotKnowWaits() {
        // At a start the coordinator may still be loading (unknown producer) or delivering markers.
        Map<TopicPartition, List<ProducerState>> producers = Map.of(ITEMS, List.of(open(50)));
        for (Map<Long, TransactionDescription> coordinator : List.of(
                Map.<Long, TransactionDescription>of(),
                Map.of(PRODUCER, coordinator(TransactionState.PREPARE_COMMIT, 51, Set.of())),
                Map.of(PRODUCER, coordinator(TransactionState.ONGOING, 50, Set.of(OFFSETS))))) {
            Decision decision = HangingTransactions.decide(producers, coordinator);

            assertThat(decision.end()).as("ended with %s", coordinator).isEmpty();
            assertThat(decision.waiting()).as("waiting with %s", coordinator)
                    .containsExactly(new OpenTransaction(ITEMS, PRODUCER, 50, 4));
        }
    }

    @Test
    void closedTransactionsAreNotTouched() {
        assertThat(HangingTransactions.decide(Map.of(ITEMS, List.of(closed(51)), OFFSETS, List.of()), Map.of()).end()).isEmpty();
    }

    private static ProducerState open(int epoch) {
        return new ProducerState(PRODUCER, epoch, 12, 1_000, OptionalInt.of(4), OptionalLong.of(3_119));
    }

    private static ProducerState closed(int epoch) {
        return new ProducerState(PRODUCER, epoch, 12, 1_000, OptionalInt.of(4), OptionalLong.empty());
    }

    private static TransactionDescription coordinator(TransactionState state, int epoch, Set<TopicPartition> partitions) {
        return new TransactionDescription(1, state, PRODUCER, epoch, 10_000, OptionalLong.empty(), partitions);
    }
}
