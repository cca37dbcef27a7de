package io.realtimeminer.bench.fetch;

import io.realtimeminer.bench.farm.FarmLayout;
import io.realtimeminer.bench.farm.FarmMain;
import io.realtimeminer.bench.farm.FarmSettings;
import io.realtimeminer.bench.farm.FarmStats;
import io.realtimeminer.bench.farm.SourceFarm;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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

        private final Process process;
        private final FarmLayout layout;
        private final Instant startedAt;
        private final HttpClient http = HttpClient.newHttpClient();

        ChildProcess(FarmSettings settings, String farmHeap) throws IOException {
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx" + farmHeap, "-cp", System.getProperty("java.class.path"), FarmMain.class.getName()));
            command.addAll(FarmMain.arguments(settings, 0));
            command.add("--exit-with-stdin");
            this.process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = out.readLine()) != null && !line.startsWith(FarmMain.READY)) {
                System.err.println("farm: " + line);
            }
            if (line == null) {
                throw new IOException("the farm process ended before it was ready (exit " + waitExit() + ")");
            }
            this.startedAt = Instant.now();
            URI base = URI.create(line.substring(FarmMain.READY.length()).split(" ")[0]);
            this.layout = new FarmLayout(settings, base.getPort());
            Thread drain = new Thread(() -> {
                try {
                    out.lines().forEach(l -> { });
                } catch (java.io.UncheckedIOException e) {
                    // The farm was stopped.
                }
            }, "farm-stdout");
            drain.setDaemon(true);
            drain.start();
        }

        @Override
        FarmLayout layout() {
            return layout;
        }

        @Override
        Instant startedAt() {
            return startedAt;
        }

        @Override
        Duration cpu() {
            return process.toHandle().info().totalCpuDuration().orElse(Duration.ZERO);
        }

        @Override
        FarmStats.Snapshot stats() {
            try {
                HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + layout.port() + "/_farm/stats"))
                        .timeout(Duration.ofSeconds(10)).build();
                return FarmStats.Snapshot.fromJson(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        @Override
        String where() {
            return "in a child JVM (pid " + process.pid() + ")";
        }

        private int waitExit() {
            try {
                return process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }

        @Override
        public void close() {
            process.destroy();
            try {
                if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }
}
