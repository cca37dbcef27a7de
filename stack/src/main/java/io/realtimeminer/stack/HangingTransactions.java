package io.realtimeminer.stack;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeProducersResult.PartitionProducerState;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.ListTransactionsOptions;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.protocol.Errors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * Ends the transactions a crash of the embedded broker left open on its partitions.
 *
 * <p>When the broker dies between a transaction's PrepareCommit and its commit markers, its
 * transaction coordinator resumes at the next start from the stale leader epoch of its metadata
 * log, before the broker is registered again: markers cannot be delivered, the partitions have no
 * leader for a moment, and the coordinator drops them as if their topics had been deleted, some or
 * all of them. It then records the transaction as committed (seen with Kafka 4.3.1 and 4.4.0).
 * The partitions it dropped keep the transaction open for ever: read_committed consumers stop at
 * it, the Streams applications wait for their offsets without end, and once anything aborts those
 * partitions, half of the transaction is gone while the other half (input offsets, changelog) is
 * committed: the data loss of issue 11.
 *
 * <p>A start therefore waits until the broker leads every partition and the coordinator has
 * finished what it resumed, then finishes each transaction the coordinator left open the way the
 * coordinator decided (commit or abort, with the coordinator's own markers, {@link TransactionMarkers}).
 * When the coordinator no longer tells the outcome (its producer has moved on), a transaction no
 * partition got a marker for is aborted everywhere, which is consistent; one that reached some
 * partitions is left and reported.
 */
final class HangingTransactions {

    private static final Logger log = LoggerFactory.getLogger(HangingTransactions.class);

    /** A transaction left open on one partition: what ending it there needs. */
    record OpenTransaction(TopicPartition partition, long producerId, int producerEpoch, int coordinatorEpoch) {
    }

    /**
     * How to end one transaction on the partitions it was left open on.
     *
     * @param markerEpoch        the producer epoch of the markers
     * @param transactionVersion 2 when the markers carry the epoch after the transaction's (Kafka's transaction version 2)
     */
    record Ending(long producerId, int producerEpoch, boolean commit, short markerEpoch, short transactionVersion,
                  int coordinatorEpoch, List<TopicPartition> partitions) {
    }

    /**
     * @param end          transactions to end, each as its coordinator decided or, when it no longer tells, aborted
     * @param unrepairable producers (with epoch) whose outcome is unknown and whose transaction reached some partitions
     * @param waiting      open transactions whose coordinator is still loading, finishing or does not know them: look again
     */
    record Decision(List<Ending> end, List<String> unrepairable, List<OpenTransaction> waiting) {
    }

    private HangingTransactions() {
    }

    /**
     * Looks for hanging transactions until none is left to judge or {@code settle} is over, then
     * ends them. Never touches a transaction its coordinator is still running or finishing: a
     * start looks at the partitions while the coordinator may still be loading or delivering markers.
     *
     * @param adminSettings the settings {@code admin} was made with, for the markers' own connection
     * @return the transactions ended
     */
    static List<Ending> repair(Admin admin, Map<String, Object> adminSettings, Duration settle) throws InterruptedException {
        Deadline deadline = Deadline.after(settle);
        Decision decision;
        Led led;
        try {
            led = awaitEveryPartitionLed(admin, deadline);
            while (true) {
                // The coordinator is asked first: when it has moved past a transaction, its markers were
                // already acknowledged or dropped, so a partition seen open afterwards really was left behind.
                Map<Long, TransactionDescription> coordinator =
                        coordinatorView(admin, producers(admin, led.partitions(), deadline), deadline);
                decision = decide(producers(admin, led.partitions(), deadline), coordinator);
                if (decision.waiting().isEmpty() || deadline.expired()) {
                    break;
                }
                log.debug("Waiting for the transaction coordinator to finish {}", decision.waiting());
                deadline.pause(Duration.ofMillis(500));
            }
        } catch (ExecutionException | TimeoutException e) {
            log.warn("Could not check Kafka for transactions left open by a crash: {}", e.getMessage());
            return List.of();
        }
        for (String producer : decision.unrepairable()) {
            log.error("A transaction of {} reached some partitions before Kafka stopped and is still open on others, and"
                    + " Kafka no longer tells whether it was committed; it is left open. Consumers reading those partitions"
                    + " with read_committed wait at it. See \"Faults\" in docs/operations.md.", producer);
        }
        if (!decision.waiting().isEmpty()) {
            log.warn("Transactions still open {} s after Kafka started, unknown to their coordinator or not finished by it;"
                    + " left as they are: {}", settle.toSeconds(), decision.waiting());
        }
        if (decision.end().isEmpty() || led.broker() == null) {
            return List.of();
        }
        List<Ending> ended = new ArrayList<>();
        try (TransactionMarkers markers = new TransactionMarkers(adminSettings, led.broker())) {
            for (Ending ending : decision.end()) {
                Map<TopicPartition, Errors> refused = markers.end(ending.producerId(), ending.markerEpoch(), ending.coordinatorEpoch(),
                        ending.commit(), ending.transactionVersion(), ending.partitions());
                if (refused.isEmpty()) {
                    ended.add(ending);
                    log.warn("Kafka stopped while ending a transaction (producer {}, epoch {}) and came back with it open on {}"
                            + " partitions; {} it there as its coordinator had decided, so that its consumers go on.",
                            ending.producerId(), ending.producerEpoch(), ending.partitions().size(),
                            ending.commit() ? "committed" : "aborted");
                } else {
                    log.error("Could not end the transaction Kafka left open (producer {}, epoch {}): {}",
                            ending.producerId(), ending.producerEpoch(), refused);
                }
            }
        } catch (IOException e) {
            log.error("Could not end the transactions Kafka left open after a crash: {}", e.getMessage());
        }
        return ended;
    }

    /**
     * Which open transactions to end, and how. A transaction is hanging on a partition when the
     * coordinator of its producer has moved past it (a later epoch, no transaction being
     * finished) while the partition still has it open. One the coordinator is finishing, loading or
     * does not know is not judged yet: it waits; one it is running there is left alone.
     *
     * @param producers   every partition's active producers
     * @param coordinator the coordinator's view of each producer id that has a transactional id
     */
    static Decision decide(Map<TopicPartition, List<ProducerState>> producers, Map<Long, TransactionDescription> coordinator) {
        Map<String, List<OpenTransaction>> hanging = new LinkedHashMap<>();
        List<OpenTransaction> waiting = new ArrayList<>();
        producers.forEach((partition, states) -> {
            for (ProducerState state : states) {
                if (state.currentTransactionStartOffset().isEmpty()) {
                    continue;
                }
                OpenTransaction open = new OpenTransaction(partition, state.producerId(), state.producerEpoch(),
                        state.coordinatorEpoch().orElse(0));
                TransactionDescription finisher = coordinator.get(state.producerId());
                if (finisher == null || !movedPast(finisher, state.producerEpoch())) {
                    if (finisher == null || !running(partition, state, finisher)) {
                        waiting.add(open);
                    }
                } else {
                    hanging.computeIfAbsent(state.producerId() + "/" + state.producerEpoch(), k -> new ArrayList<>()).add(open);
                }
            }
        });
        List<Ending> end = new ArrayList<>();
        List<String> unrepairable = new ArrayList<>();
        hanging.forEach((producer, open) -> {
            OpenTransaction any = open.get(0);
            TransactionDescription decided = coordinator.get(any.producerId());
            List<TopicPartition> partitions = open.stream().map(OpenTransaction::partition)
                    .sorted(Comparator.comparing(TopicPartition::toString)).toList();
            int coordinatorEpoch = open.stream().mapToInt(OpenTransaction::coordinatorEpoch).max().orElse(0);
            boolean completed = decided.state() == TransactionState.COMPLETE_COMMIT || decided.state() == TransactionState.COMPLETE_ABORT;
            if (completed && decided.producerEpoch() == any.producerEpoch() + 1) {
                // Transaction version 2: the coordinator ended it with the next epoch; do as it did.
                end.add(new Ending(any.producerId(), any.producerEpoch(), decided.state() == TransactionState.COMPLETE_COMMIT,
                        (short) decided.producerEpoch(), (short) 2, coordinatorEpoch, partitions));
            } else if (!markedAnywhere(producers, any.producerId(), any.producerEpoch())) {
                end.add(new Ending(any.producerId(), any.producerEpoch(), false, (short) any.producerEpoch(), (short) 0,
                        coordinatorEpoch, partitions));
            } else {
                unrepairable.add("producer " + producer + " on " + partitions);
            }
        });
        waiting.sort(Comparator.comparing((OpenTransaction o) -> o.partition().toString()));
        return new Decision(end, unrepairable, waiting);
    }

    /**
     * Whether the coordinator is done with the transaction at {@code epoch} and will send no marker
     * for it: it is at a later epoch (transaction version 2 bumps the epoch as a transaction ends)
     * and is not finishing a transaction.
     */
    private static boolean movedPast(TransactionDescription coordinator, int epoch) {
        if (EnumSet.of(TransactionState.PREPARE_COMMIT, TransactionState.PREPARE_ABORT, TransactionState.PREPARE_EPOCH_FENCE,
                TransactionState.UNKNOWN).contains(coordinator.state())) {
            return false;
        }
        return coordinator.producerEpoch() > epoch;
    }

    /**
     * Whether the coordinator is running this very transaction on this partition, which a start
     * need not wait for. One being finished (prepared) is waited for: its outcome is not known
     * until its markers are delivered or, after a crash, dropped.
     */
    private static boolean running(TopicPartition partition, ProducerState state, TransactionDescription coordinator) {
        return coordinator.state() == TransactionState.ONGOING && coordinator.producerEpoch() == state.producerEpoch()
                && coordinator.topicPartitions().contains(partition);
    }

    /** Whether a partition got the end marker of this producer's transaction at {@code epoch} (marker epoch + 1, closed). */
    private static boolean markedAnywhere(Map<TopicPartition, List<ProducerState>> producers, long producerId, int epoch) {
        return producers.values().stream().flatMap(Collection::stream)
                .anyMatch(s -> s.producerId() == producerId && s.producerEpoch() == epoch + 1
                        && s.currentTransactionStartOffset().isEmpty());
    }

    /** The broker, once registered again, and every partition, all of which it leads. */
    private record Led(Node broker, List<TopicPartition> partitions) {
    }

    /**
     * Waits until the broker is registered again (not fenced) and leads every partition: until then
     * the topics may not be known yet, and the coordinator may still drop markers. No topic is made
     * while a start looks, so the partitions found here are all there are.
     */
    private static Led awaitEveryPartitionLed(Admin admin, Deadline deadline)
            throws InterruptedException, ExecutionException, TimeoutException {
        while (true) {
            long timeout = deadline.remainingMillis(5_000);
            Collection<Node> nodes = admin.describeCluster(new DescribeClusterOptions().includeFencedBrokers(true)).nodes()
                    .get(timeout, TimeUnit.MILLISECONDS);
            Set<String> topics = admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get(timeout, TimeUnit.MILLISECONDS);
            Collection<TopicDescription> descriptions = admin.describeTopics(topics).allTopicNames()
                    .get(timeout, TimeUnit.MILLISECONDS).values();
            boolean led = descriptions.stream().flatMap(topic -> topic.partitions().stream())
                    .allMatch(partition -> partition.leader() != null && !partition.leader().isEmpty());
            if ((!nodes.isEmpty() && nodes.stream().noneMatch(Node::isFenced) && led) || deadline.expired()) {
                List<TopicPartition> partitions = descriptions.stream()
                        .flatMap(d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition())))
                        .toList();
                return new Led(nodes.stream().findFirst().orElse(null), partitions);
            }
            log.debug("Waiting for the broker to be registered and to lead every partition");
            deadline.pause(Duration.ofMillis(200));
        }
    }

    private static Map<TopicPartition, List<ProducerState>> producers(Admin admin, List<TopicPartition> partitions, Deadline deadline)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<TopicPartition, PartitionProducerState> states = admin.describeProducers(partitions).all()
                .get(deadline.remainingMillis(5_000), TimeUnit.MILLISECONDS);
        Map<TopicPartition, List<ProducerState>> producers = new HashMap<>();
        states.forEach((partition, state) -> producers.put(partition, state.activeProducers()));
        return producers;
    }

    private static Map<Long, TransactionDescription> coordinatorView(Admin admin, Map<TopicPartition, List<ProducerState>> producers,
                                                                     Deadline deadline)
            throws InterruptedException, ExecutionException, TimeoutException {
        Set<Long> open = producers.values().stream().flatMap(Collection::stream)
                .filter(s -> s.currentTransactionStartOffset().isPresent())
                .map(ProducerState::producerId)
                .collect(Collectors.toSet());
        if (open.isEmpty()) {
            return Map.of();
        }
        long timeout = deadline.remainingMillis(5_000);
        Map<String, Long> ids = admin.listTransactions(new ListTransactionsOptions().filterProducerIds(open)).all()
                .get(timeout, TimeUnit.MILLISECONDS).stream()
                .collect(Collectors.toMap(TransactionListing::transactionalId, TransactionListing::producerId));
        if (ids.isEmpty()) {
            return Map.of();
        }
        Map<Long, TransactionDescription> view = new HashMap<>();
        admin.describeTransactions(ids.keySet()).all().get(timeout, TimeUnit.MILLISECONDS)
                .forEach((id, description) -> view.put(description.producerId(), description));
        return view;
    }
}
