package io.realtimeminer.bench.freshness;

import io.realtimeminer.bench.farm.FarmLayout;
import io.realtimeminer.bench.farm.FarmMain;
import io.realtimeminer.bench.farm.FarmSettings;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The source farm in a JVM of its own (so its CPU and memory are measured apart from the stack's),
 * and its ledger read back over HTTP: every item with the time it was posted.
 */
final class FarmProcess implements AutoCloseable {

    /** A posted item, keyed for the join with the items table. */
    record Posting(String sourceId, String url, Instant postedAt, boolean backlog) {
    }

    private final Process process;
    private final FarmLayout layout;
    private final HttpClient http = HttpClient.newHttpClient();

    private FarmProcess(Process process, FarmLayout layout) {
        this.process = process;
        this.layout = layout;
    }

    static FarmProcess start(FarmSettings settings, String heap) throws IOException {
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
        URI base = URI.create(line.substring(FarmMain.READY.length()).split(" ")[0]);
        Thread drain = new Thread(() -> {
            try {
                out.lines().forEach(l -> { });
            } catch (java.io.UncheckedIOException e) {
                // The farm stopped.
            }
        }, "farm-stdout");
        drain.setDaemon(true);
        drain.start();
        return new FarmProcess(process, new FarmLayout(settings, base.getPort()));
    }

    FarmLayout layout() {
        return layout;
    }

    long pid() {
        return process.pid();
    }

    /** Every item posted until now, keyed by source id + URL. */
    Map<String, Posting> ledger() throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + layout.port() + "/_farm/ledger.tsv"))
                .timeout(Duration.ofSeconds(60)).build();
        HttpResponse<java.util.stream.Stream<String>> response = http.send(request, HttpResponse.BodyHandlers.ofLines());
        if (response.statusCode() != 200) {
            throw new IOException("the farm's ledger answered HTTP " + response.statusCode());
        }
        Map<String, Posting> postings = new HashMap<>();
        response.body().skip(1).forEach(line -> {
            // source_id kind seq item_id url posted_at backlog
            String[] f = line.split("\t");
            Posting p = new Posting(f[0], f[4], Instant.parse(f[5]), Boolean.parseBoolean(f[6]));
            postings.put(key(p.sourceId(), p.url()), p);
        });
        return postings;
    }

    static String key(String sourceId, String url) {
        return sourceId + ' ' + url;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
