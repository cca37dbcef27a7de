package io.realtimeminer.bench.farm;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The source farm in a JVM of its own ({@link FarmMain}, from this JVM's class path), so that its
 * CPU and memory are measured apart from what a benchmark watches. It ends with this JVM: it exits
 * when its standard input closes.
 */
public final class FarmChild implements AutoCloseable {

    private final Process process;
    private final FarmLayout layout;
    private final int hostilePort;
    private final Instant startedAt;
    private final HttpClient http = HttpClient.newHttpClient();

    private FarmChild(Process process, FarmLayout layout, int hostilePort) {
        this.process = process;
        this.layout = layout;
        this.hostilePort = hostilePort;
        this.startedAt = Instant.now();
    }

    /** Starts the farm and waits until it serves. */
    public static FarmChild start(FarmSettings settings, String heap) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), FarmMain.class.getName()));
        command.addAll(FarmMain.arguments(settings, 0));
        command.add("--exit-with-stdin");
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null && !line.startsWith(FarmMain.READY)) {
            System.err.println("farm: " + line);
        }
        if (line == null) {
            process.destroyForcibly();
            throw new IOException("the farm process ended before it was ready");
        }
        String[] ready = line.substring(FarmMain.READY.length()).split(" ");
        URI base = URI.create(ready[0]);
        int hostilePort = Arrays.stream(ready).filter(t -> t.startsWith(FarmMain.HOSTILE))
                .map(t -> URI.create(t.substring(FarmMain.HOSTILE.length())).getPort()).findFirst().orElse(-1);
        Thread drain = new Thread(() -> {
            try {
                out.lines().forEach(l -> { });
            } catch (UncheckedIOException e) {
                // The farm stopped.
            }
        }, "farm-stdout");
        drain.setDaemon(true);
        drain.start();
        return new FarmChild(process, new FarmLayout(settings, base.getPort()), hostilePort);
    }

    public FarmLayout layout() {
        return layout;
    }

    /** The port of the farm's {@link HostileSites}. */
    public int hostilePort() {
        return hostilePort;
    }

    /** When the farm was ready: items published before are its backlog. */
    public Instant startedAt() {
        return startedAt;
    }

    public long pid() {
        return process.pid();
    }

    /** CPU time the farm process used so far. */
    public Duration cpu() {
        return process.toHandle().info().totalCpuDuration().orElse(Duration.ZERO);
    }

    /** GET of one of the farm's own paths ({@code /_farm/...}). */
    public <T> HttpResponse<T> get(String path, Duration timeout, HttpResponse.BodyHandler<T> body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + layout.port() + path)).timeout(timeout).build();
        return http.send(request, body);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
