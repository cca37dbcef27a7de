package io.realtimeminer.launcher;

import io.realtimeminer.control.ApiServer;
import io.realtimeminer.net.UrlLogin;
import io.realtimeminer.stack.EmbeddedStack;
import io.realtimeminer.stack.PgPassFile;
import io.realtimeminer.stack.StackConfig;
import io.realtimeminer.stack.StackEndpoints;
import io.realtimeminer.stack.StackState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** The embedded stack plus the pipeline, started with progress shown, stopped cleanly once. */
final class RunningMiner implements AutoCloseable {

    private final EmbeddedStack stack;
    private final Pipeline pipeline;
    private final PrintStream out;
    private boolean closed;

    private RunningMiner(EmbeddedStack stack, Pipeline pipeline, PrintStream out) {
        this.stack = stack;
        this.pipeline = pipeline;
        this.out = out;
    }

    /** Sends library logging to {@code <data dir>/logs/miner.log}; must run before anything logs. */
    static Path routeLogs(Map<String, Object> settings) throws java.io.IOException {
        return routeLogs(settings, "miner");
    }

    /** Sends library logging to {@code <data dir>/logs/<name>.log}; must run before anything logs. */
    static Path routeLogs(Map<String, Object> settings, String name) throws java.io.IOException {
        // Not through MinerConfig: AbstractConfig logs, and logging must not start before this.
        Path logs = Path.of(String.valueOf(settings.getOrDefault(MinerConfig.DATA_DIR, "./data"))).toAbsolutePath().resolve("logs");
        Files.createDirectories(logs);
        Path file = logs.resolve(name + (name.equals("miner") ? "" : "-" + ProcessHandle.current().pid()) + ".log");
        System.setProperty("miner.log.file", file.toString());
        return file;
    }

    static RunningMiner start(Map<String, Object> settings, PrintStream out) throws Exception {
        Logger log = LoggerFactory.getLogger(RunningMiner.class);
        long begin = System.nanoTime();
        out.println("Starting realtime-miner in " + new StackConfig(settings).dataDir());
        EmbeddedStack stack = new EmbeddedStack();
        try {
            StackEndpoints endpoints = stack.start(new StackConfig(settings), new ProgressPrinter(out));
            long pipelineStart = System.nanoTime();
            out.printf("  %-24s starting...%n", "pipeline");
            Pipeline pipeline = Pipeline.start(settings, endpoints,
                    result -> FetcherCommand.logPoll(log, result));
            if (!pipeline.awaitRunning(Duration.ofSeconds(60))) {
                out.println("  warning: the topologies are not running yet; see the log");
            }
            out.printf("  %-24s ready in %.1f s%n", "pipeline", (System.nanoTime() - pipelineStart) / 1e9);
            out.printf("Everything is up in %.1f s.%n", (System.nanoTime() - begin) / 1e9);
            RunningMiner miner = new RunningMiner(stack, pipeline, out);
            // The stack's own shutdown hook (Ctrl-C) stops the pipeline first, then the servers.
            stack.closeFirst(miner::stopPipeline);
            return miner;
        } catch (Exception | Error e) {
            stack.close();
            throw e;
        }
    }

    StackEndpoints endpoints() {
        return stack.endpoints();
    }

    Pipeline pipeline() {
        return pipeline;
    }

    /** How to reach every part of the running stack. */
    void printConnectionHelp(Path home) {
        StackEndpoints e = stack.endpoints();
        String bin = home == null ? "bin" : home.resolve("bin").toString();
        out.println();
        out.println("Kafka bootstrap servers : " + e.bootstrapServers());
        String registry = UrlLogin.strip(e.registryUrl());
        out.println("Schema registry         : " + registry + "  (Confluent API: " + registry + "/apis/ccompat/v7)");
        out.println("Kafka Connect REST      : " + UrlLogin.strip(e.connectUrl()) + "  (basic auth: see " + StackState.FILE_NAME + " in the data dir)");
        out.println("PostgreSQL (JDBC)       : " + e.jdbcUrl() + "  user " + e.jdbcUser());
        String api = pipeline.control().url();
        if (api != null) {
            out.println("HTTP API                : " + api + "  (e.g. curl " + api + "/sources; see docs/control-plane.md)");
            out.println("Dashboard               : " + api + ApiServer.DASHBOARD + "/  (in a browser)");
        }
        out.println();
        out.println("Query the items:");
        out.println("  " + psql(e) + " -c 'select source_name, title, published_at, stored_at from items order by stored_at desc limit 20'");
        out.println("Add a source (key and template separated by '|'):");
        out.println("  echo 'my-source|{\"url\":\"https://example.org/feed.xml\",\"kind\":\"feed\",\"interval\":\"PT60S\",\"tags\":[\"news\"]}' \\");
        out.println("    | " + consoleTool(e, bin, "producer")
                + " --topic miner.templates --reader-property parse.key=true --reader-property key.separator='|'");
        out.println("Remove it (a tombstone):");
        out.println("  echo 'my-source|' | " + consoleTool(e, bin, "producer")
                + " --topic miner.templates --reader-property parse.key=true --reader-property key.separator='|' --reader-property null.marker=");
        out.println();
        out.println("Press Ctrl-C to stop everything.");
    }

    /** The console tool finds this stack's Kafka and logs in by itself: given the data dir when it is not the default. */
    private static String consoleTool(StackEndpoints e, String bin, String tool) {
        boolean defaultDataDir = e.dataDir().toAbsolutePath().normalize().equals(Path.of("data").toAbsolutePath().normalize());
        return (defaultDataDir ? "" : "MINER_DATA_DIR=" + e.dataDir().toAbsolutePath() + " ") + bin + "/kafka-console-" + tool;
    }

    private static String psql(StackEndpoints e) {
        return PgPassFile.psql(e.dataDir().resolve(PgPassFile.FILE_NAME), e.jdbcUrl(), e.jdbcUser());
    }

    /** Runs {@code beforeStop} (e.g. a final report) before anything stops. */
    void beforeStop(AutoCloseable beforeStop) {
        stack.closeFirst(beforeStop);
    }

    private synchronized void stopPipeline() {
        if (!closed) {
            closed = true;
            out.println("Stopping...");
            pipeline.close();
        }
    }

    /** Stops the pipeline, then the stack. */
    @Override
    public void close() {
        long begin = System.nanoTime();
        stack.close();
        out.printf("Stopped in %.1f s.%n", (System.nanoTime() - begin) / 1e9);
    }

    /** Exits the process as {@link #awaitShutdown} does if a part of the pipeline stopped for good. */
    void exitIfFailed() throws InterruptedException {
        if (pipeline.failure().isPresent()) {
            awaitShutdown(pipeline::failure);
        }
    }

    /** The exit status of a process whose component stopped for good (EX_SOFTWARE). */
    static final int COMPONENT_FAILED = 70;

    /**
     * Parks the calling thread until the JVM shuts down (Ctrl-C; the shutdown hook does the
     * stopping), or until {@code failure} names a component that stopped for good: then the process
     * says why and exits with {@link #COMPONENT_FAILED}, so that its work moves to the other
     * instances and a supervisor (systemd, compose, Kubernetes) starts it again, never a live
     * process that does nothing.
     */
    static void awaitShutdown(Supplier<Optional<String>> failure) throws InterruptedException {
        while (true) {
            Optional<String> reason = failure.get();
            if (reason.isPresent()) {
                System.err.println("error: " + reason.get() + "; exiting (status " + COMPONENT_FAILED + ")");
                System.exit(COMPONENT_FAILED);
            }
            TimeUnit.SECONDS.sleep(1);
        }
    }
}
