package io.realtimeminer.stack;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The Apicurio schema registry (the registry module's Quarkus fast-jar) as a child JVM on
 * 127.0.0.1 (or the stack's host), which never outlives this one: it is stopped on {@link #close()} and by a shutdown hook,
 * and one left behind by a killed JVM (no hook runs on SIGKILL) is stopped by the next start.
 */
public final class EmbeddedRegistry implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedRegistry.class);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    private static final String PID_FILE = "registry.pid";

    private final Launch launch;
    private Process process;
    private Thread shutdownHook;

    /**
     * How to run the registry.
     *
     * @param jar              its {@code quarkus-run.jar}
     * @param host             the address it listens on (127.0.0.1, or one of this machine's for other machines)
     * @param port             HTTP port on that address
     * @param workDir          its working directory, inside the data dir: relative paths in its
     *                         settings (e.g. a file database) land there
     * @param logFile          where its stdout and stderr go
     * @param jvmOptions       JVM options before {@code -jar}
     * @param env              extra environment, e.g. the storage settings that make its data persist
     * @param systemProperties extra system properties (Quarkus reads both as configuration)
     */
    public record Launch(Path jar, String host, int port, Path workDir, Path logFile, List<String> jvmOptions,
                         Map<String, String> env, Map<String, String> systemProperties) {

        public Launch {
            jvmOptions = List.copyOf(jvmOptions);
            env = Map.copyOf(env);
            systemProperties = Map.copyOf(systemProperties);
        }
    }

    public EmbeddedRegistry(Launch launch) {
        this.launch = launch;
    }

    /** The base URL; the serdes add {@code /apis/registry/v2}, Confluent clients use {@code /apis/ccompat/v7}. */
    public String url() {
        return "http://" + EmbeddedKafka.address(launch.host()) + ":" + launch.port();
    }

    public synchronized void start(Duration timeout) {
        if (!Files.isRegularFile(launch.jar())) {
            throw new IllegalStateException("Registry jar " + launch.jar() + " not found: build the registry module");
        }
        try {
            Files.createDirectories(launch.logFile().getParent());
            Files.createDirectories(launch.workDir());
            stopOrphan(launch.workDir());
            ProcessBuilder builder = new ProcessBuilder(command())
                    .directory(launch.workDir().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(launch.logFile().toFile()));
            builder.environment().put("HTTP_PORT", String.valueOf(launch.port()));
            builder.environment().put("QUARKUS_HTTP_HOST", launch.host());
            builder.environment().putAll(launch.env());
            process = builder.start();
            Files.writeString(launch.workDir().resolve(PID_FILE), String.valueOf(process.pid()));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the registry; see " + launch.logFile(), e);
        }
        shutdownHook = new Thread(this::stopProcess, "registry-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        log.debug("Registry started as pid {}", process.pid());
        awaitReady(timeout);
    }

    /**
     * Stops a registry that a killed JVM (no shutdown hook runs on SIGKILL) left running from
     * {@code workDir}; it would hold the recorded port.
     */
    public static void stopOrphan(Path workDir) {
        Path pidFile = workDir.resolve(PID_FILE);
        try {
            if (!Files.exists(pidFile)) {
                return;
            }
            String pid = Files.readString(pidFile).trim();
            if (pid.matches("\\d+")) {
                ProcessHandle.of(Long.parseLong(pid))
                        .filter(orphan -> orphan.info().commandLine().map(line -> line.contains("quarkus-run.jar"))
                                .orElse(false))
                        .ifPresent(orphan -> {
                            log.warn("Stopping the registry (pid {}) left running by an earlier process", orphan.pid());
                            orphan.destroy();
                            orphan.onExit().completeOnTimeout(orphan, STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS).join();
                            orphan.destroyForcibly();
                        });
            }
            Files.delete(pidFile);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + pidFile, e);
        }
    }

    private List<String> command() {
        List<String> command = new ArrayList<>();
        // The same Java as this JVM: whatever runs the stack can run the registry.
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(launch.jvmOptions());
        command.add("-Dquarkus.http.host=" + launch.host());
        launch.systemProperties().forEach((name, value) -> command.add("-D" + name + "=" + value));
        command.add("-jar");
        command.add(launch.jar().toString());
        return command;
    }

    private void awaitReady(Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(url() + "/health/ready"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        Deadline deadline = Deadline.after(timeout);
        Exception lastFailure = null;
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The registry exited with " + process.exitValue()
                        + " while starting; see " + launch.logFile());
            }
            try {
                HttpResponse<Void> response = http.send(ready, HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
                lastFailure = new IllegalStateException("HTTP " + response.statusCode());
            } catch (IOException e) {
                lastFailure = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while starting the registry", e);
            }
            deadline.check("the registry at " + url() + " (log: " + launch.logFile() + ")", lastFailure);
            deadline.pause(Duration.ofMillis(200));
        }
    }

    /** SIGTERM (Quarkus stops cleanly on it), then SIGKILL if it is still there after a grace period. */
    private void stopProcess() {
        Process child = process;
        if (child == null || !child.isAlive()) {
            return;
        }
        child.destroy();
        try {
            if (!child.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("The registry did not stop within {}; killing it", STOP_GRACE);
                child.destroyForcibly().waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            child.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public synchronized void close() {
        stopProcess();
        try {
            Files.deleteIfExists(launch.workDir().resolve(PID_FILE));
        } catch (IOException e) {
            log.debug("Cannot delete the registry's pid file", e);
        }
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // The hook is running or has run; nothing left to do.
            }
            shutdownHook = null;
        }
        process = null;
    }
}
