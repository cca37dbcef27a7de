package io.realtimeminer.launcher;

import io.realtimeminer.kafka.KafkaClients;
import io.realtimeminer.kafka.Topics;
import io.realtimeminer.stack.EmbeddedKafka;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.coordinator.transaction.generated.TransactionLogValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code miner up} runs Kafka and the exactly-once topologies in one JVM, so a crash stops the
 * broker in the middle of the topologies' transactions. The worst moment is between a
 * transaction's PrepareCommit and its commit markers: the broker's transaction coordinator then
 * resumes the commit at the next start before the broker is registered again, drops every
 * partition it cannot find a leader for, and records the transaction as committed with all its
 * partitions still open (Kafka 4.3.1 and 4.4.0). Left alone, the dedupe application waits for its
 * offsets for ever and, once anything aborts those partitions, half of the transaction is gone:
 * the data loss seen in CrashRecoveryIT.
 *
 * <p>This test makes that moment happen on purpose: it freezes the JVM (SIGSTOP) at random
 * instants, reads the last state of the transaction log from disk, and kills the JVM (SIGKILL) only
 * when that state is PrepareCommit; otherwise it lets it run on (SIGCONT) and tries again. After
 * each kill the JVM starts again on the same data. At the end, every raw item produced must be on
 * {@code miner.items.new} exactly once, read with read_committed.
 */
class MidCommitCrashIT {

    private static final int KILLS = 2;
    private static final int MAX_PROBES = 400;
    private static final String PREPARE_COMMIT = "PrepareCommit";
    private static final String[] STATES = {"Empty", "Ongoing", PREPARE_COMMIT, "PrepareAbort", "CompleteCommit",
        "CompleteAbort", "Dead", "PrepareEpochFence"};

    private final Random random = new Random();

    @Test
    void aCrashBetweenPrepareCommitAndTheMarkersLosesNothingAndRepeatsNothing(@TempDir Path dir) throws Exception {
        // The JVMs' output stays in target/ for a look after a failure; the data goes with the temporary directory.
        Path logs = Files.createDirectories(Path.of("target", "it-logs", "mid-commit-crash-" + System.currentTimeMillis()));
        int port = freePortPair();
        String clusterId = EmbeddedKafka.newClusterId();
        for (int run = 1; run <= KILLS; run++) {
            Path output = logs.resolve("run-" + run + ".log");
            Process process = start(dir, port, clusterId, "r" + run, Duration.ofMinutes(10), output);
            try {
                awaitLine(output, "STATE RUNNING", Duration.ofMinutes(3));
                Thread.sleep(1_000 + random.nextInt(3_000));
                killInPrepareCommit(process, dir.resolve("kafka"));
            } finally {
                process.destroyForcibly().waitFor();
            }
        }

        Path output = logs.resolve("run-last.log");
        Process process = start(dir, port, clusterId, "last", Duration.ofSeconds(3), output);
        try {
            awaitLine(output, "PRODUCED", Duration.ofMinutes(3));
            KafkaClients clients = KafkaClients.of("127.0.0.1:" + port, Map.of());
            await("every raw item on miner.items.new").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(3))
                    .untilAsserted(() -> {
                        List<String> raw = PipelineProbe.committedKeys(clients, Topics.ITEMS_RAW);
                        List<String> fresh = PipelineProbe.committedKeys(clients, Topics.ITEMS_NEW);
                        Set<String> missing = new HashSet<>(raw);
                        fresh.forEach(missing::remove);
                        assertThat(missing).as("raw items never let through (of %d)", raw.size()).isEmpty();
                        assertThat(fresh).as("items on miner.items.new").hasSize(new HashSet<>(fresh).size())
                                .hasSameSizeAs(new HashSet<>(raw));
                    });
        } finally {
            process.destroy();
            process.waitFor();
        }
        try (Stream<Path> outputs = Files.list(logs)) {
            for (Path log : outputs.filter(p -> p.getFileName().toString().startsWith("run-")).sorted().toList()) {
                Files.readAllLines(log).stream().filter(line -> line.contains("HangingTransactions"))
                        .forEach(line -> System.out.println(log.getFileName() + ": " + line));
            }
        }
    }

    /** Freezes, reads, and either kills (in PrepareCommit) or resumes, until it kills. */
    private void killInPrepareCommit(Process process, Path kafkaDir) throws Exception {
        for (int probe = 0; probe < MAX_PROBES; probe++) {
            signal("STOP", process.pid());
            if (lastTransactionState(kafkaDir).filter(PREPARE_COMMIT::equals).isPresent()) {
                process.destroyForcibly().waitFor();
                return;
            }
            signal("CONT", process.pid());
            Thread.sleep(random.nextInt(60));
        }
        throw new AssertionError("no PrepareCommit caught in " + MAX_PROBES + " probes");
    }

    private static void signal(String name, long pid) throws Exception {
        assertThat(new ProcessBuilder("kill", "-" + name, String.valueOf(pid)).inheritIO().start().waitFor()).isZero();
    }

    /** The state of the last record of {@code __transaction_state} (one transactional id writes here). */
    private static Optional<String> lastTransactionState(Path kafkaDir) throws IOException {
        String state = null;
        try (Stream<Path> dirs = Files.list(kafkaDir)) {
            for (Path partition : dirs.filter(d -> d.getFileName().toString().startsWith("__transaction_state-")).toList()) {
                Path log = partition.resolve("00000000000000000000.log");
                if (!Files.exists(log)) {
                    continue;
                }
                // A copy of the bytes: the broker's own files are never opened for writing here.
                for (RecordBatch batch : MemoryRecords.readableRecords(ByteBuffer.wrap(Files.readAllBytes(log))).batches()) {
                    for (Record record : batch) {
                        if (record.hasValue()) {
                            ByteBuffer value = record.value();
                            short version = value.getShort();
                            state = STATES[new TransactionLogValue(new ByteBufferAccessor(value), version).transactionStatus()];
                        }
                    }
                }
            }
        }
        return Optional.ofNullable(state);
    }

    private static Process start(Path dir, int port, String clusterId, String prefix, Duration produce, Path output) throws IOException {
        List<String> command = List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), BrokerAndDedupe.class.getName(),
                dir.toString(), String.valueOf(port), clusterId, prefix, String.valueOf(produce.toMillis()));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
    }

    private static void awaitLine(Path output, String line, Duration timeout) {
        await(line + " in " + output.getFileName()).atMost(timeout).pollInterval(Duration.ofMillis(200))
                .until(() -> Files.readString(output).contains(line));
    }

    /** A free port whose successor is free too (client and controller listeners). */
    private static int freePortPair() throws IOException {
        while (true) {
            try (ServerSocket first = new ServerSocket(0)) {
                int port = first.getLocalPort();
                try (ServerSocket ignored = new ServerSocket(port + 1)) {
                    return port;
                } catch (IOException taken) {
                    // try another pair
                }
            }
        }
    }
}
