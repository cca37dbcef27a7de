package io.realtimeminer.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * One document fetched (or read from a file) for {@code miner preview}: a plain GET with the
 * template's headers, no conditional request, no politeness delay, since it runs once.
 *
 * @param url         where it came from, to resolve relative links against
 * @param contentType the Content-Type header, nullable
 * @param body        the raw bytes
 */
record SourcePage(URI url, String contentType, byte[] body) {

    /** How long preview waits for one document. */
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    static final String USER_AGENT = "realtime-miner-preview/0.1";

    /** A saved page, given the URL it was saved from so that its relative links resolve as they would live. */
    static SourcePage ofFile(Path file, URI url) throws IOException {
        return new SourcePage(url, null, Files.readAllBytes(file));
    }

    /**
     * @throws IOException when the server cannot be reached or answers other than 2xx
     */
    static SourcePage fetch(HttpClient client, URI url, Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(TIMEOUT).header("User-Agent", USER_AGENT).GET();
        headers.forEach((name, value) -> {
            try {
                request.setHeader(name, value);
            } catch (IllegalArgumentException restricted) {
                // Host, Connection and the like are the client's to set; the poller ignores them the same way.
            }
        });
        HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() / 100 != 2) {
            throw new IOException("HTTP " + response.statusCode() + " from " + url);
        }
        return new SourcePage(response.uri(), response.headers().firstValue("Content-Type").orElse(null), response.body());
    }

    static HttpClient newClient() {
        return HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NORMAL).build();
    }
}
