package io.realtimeminer.bench.fetch;

import io.realtimeminer.bench.farm.FarmChild;
import io.realtimeminer.bench.farm.FarmLayout;
import io.realtimeminer.bench.farm.FarmSettings;
import io.realtimeminer.bench.farm.FarmStats;
import io.realtimeminer.bench.farm.SourceFarm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The farm a benchmark runs against: in a child JVM (the default, so that the fetcher's process
 * CPU is the fetcher's alone) or in this JVM (its CPU is then taken out thread by thread).
 */
abstract class FarmHandle implements AutoCloseable {

    abstract FarmLayout layout();

    /** When the farm started: items published before are its backlog. */
    abstract Instant startedAt();

    /** CPU time the farm used so far. */
    abstract Duration cpu();

    abstract FarmStats.Snapshot stats();

    abstract String where();

    @Override
    public abstract void close();

    static FarmHandle start(FarmSettings settings, boolean inProcess, String farmHeap) throws IOException {
        return inProcess ? new InProcess(settings) : new ChildProcess(settings, farmHeap);
    }

    private static final class InProcess extends FarmHandle {

        /** The threads that serve the farm: its own pools and the JDK server's dispatcher. */
        private static final List<String> THREAD_PREFIXES = List.of("farm-", "HTTP-Dispatcher", "server-timer");

        private final SourceFarm farm;
        private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

        InProcess(FarmSettings settings) throws IOException {
            this.farm = SourceFarm.start(settings, 0);
        }

        @Override
        FarmLayout layout() {
            return farm.layout();
        }

        @Override
        Instant startedAt() {
            return farm.startedAt();
        }

        @Override
        Duration cpu() {
            long nanos = 0;
            for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
                if (info != null && THREAD_PREFIXES.stream().anyMatch(info.getThreadName()::startsWith)) {
                    nanos += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
                }
            }
            return Duration.ofNanos(nanos);
        }

        @Override
        FarmStats.Snapshot stats() {
            return farm.stats().snapshot();
        }

        @Override
        String where() {
            return "in this JVM (its threads' CPU taken out)";
        }

        @Override
        public void close() {
            farm.close();
        }
    }

    private static final class ChildProcess extends FarmHandle {

        private final FarmChild farm;

        ChildProcess(FarmSettings settings, String farmHeap) throws IOException {
            this.farm = FarmChild.start(settings, farmHeap);
        }

        @Override
        FarmLayout layout() {
            return farm.layout();
        }

        @Override
        Instant startedAt() {
            return farm.startedAt();
        }

        @Override
        Duration cpu() {
            return farm.cpu();
        }

        @Override
        FarmStats.Snapshot stats() {
            try {
                return FarmStats.Snapshot.fromJson(farm.get("/_farm/stats", Duration.ofSeconds(10), HttpResponse.BodyHandlers.ofString()).body());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        @Override
        String where() {
            return "in a child JVM (pid " + farm.pid() + ")";
        }

        @Override
        public void close() {
            farm.close();
        }
    }
}
