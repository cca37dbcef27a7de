package io.realtimeminer.fetcher.schedule;

import io.realtimeminer.fetcher.http.FetchException;
import io.realtimeminer.fetcher.http.FetchRequest;
import io.realtimeminer.fetcher.http.FetchResponse;
import io.realtimeminer.fetcher.http.PageFetcher;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Answers from a map of URL to body (or status), and logs every request: for poller logic without sockets. */
final class FakePageFetcher implements PageFetcher {

    private final Map<URI, FetchResponse> answers = new ConcurrentHashMap<>();
    private final Map<URI, FetchException> failures = new ConcurrentHashMap<>();
    private final List<FetchRequest> requests = new CopyOnWriteArrayList<>();
    private final Map<URI, CompletableFuture<Void>> gates = new ConcurrentHashMap<>();

    FakePageFetcher answer(String url, int status, String body, String etag) {
        URI uri = URI.create(url);
        answers.put(uri, new FetchResponse(status, uri, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8), etag, null));
        return this;
    }

    /** Answers {@code url} with 200, {@code body} and these Link headers (a WebSub hub's discovery). */
    FakePageFetcher answerWithLinks(String url, String body, String... links) {
        URI uri = URI.create(url);
        answers.put(uri, new FetchResponse(200, uri, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8), null, null,
                "HTTP/1.1", null, null, List.of(links)));
        return this;
    }

    /** Answers {@code url} with 200 and {@code body}, saying it stays fresh for {@code freshFor} (Cache-Control max-age). */
    FakePageFetcher answerFresh(String url, String body, Duration freshFor) {
        URI uri = URI.create(url);
        answers.put(uri, new FetchResponse(200, uri, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8), null, null,
                "HTTP/1.1", null, freshFor));
        return this;
    }

    /** Answers {@code url} with {@code status} and nothing else, e.g. 503 with a Retry-After (nullable). */
    FakePageFetcher refuse(String url, int status, Duration retryAfter) {
        URI uri = URI.create(url);
        answers.put(uri, new FetchResponse(status, uri, "text/plain", new byte[0], null, null, "HTTP/1.1", retryAfter));
        return this;
    }

    /** Fails every fetch of {@code url} with {@code failure}, as the HTTP engine would. */
    FakePageFetcher fail(String url, FetchException failure) {
        failures.put(URI.create(url), failure);
        return this;
    }

    /** Holds the answers to {@code url} until the gate returned is completed (a poll under way). */
    CompletableFuture<Void> hold(String url) {
        CompletableFuture<Void> gate = new CompletableFuture<>();
        gates.put(URI.create(url), gate);
        return gate;
    }

    List<FetchRequest> requests() {
        return requests;
    }

    long requestsFor(String url) {
        return requests.stream().filter(r -> r.url().toString().equals(url)).count();
    }

    @Override
    public CompletableFuture<FetchResponse> fetch(FetchRequest request) {
        CompletableFuture<Void> gate = gates.remove(request.url());
        return gate == null ? answer(request) : gate.thenCompose(released -> answer(request));
    }

    private CompletableFuture<FetchResponse> answer(FetchRequest request) {
        requests.add(request);
        FetchException failure = failures.get(request.url());
        if (failure != null) {
            return CompletableFuture.failedFuture(failure);
        }
        FetchResponse answer = answers.get(request.url());
        if (answer == null) {
            return CompletableFuture.failedFuture(new FetchException("connection to " + request.url().getHost() + " refused"));
        }
        if (answer.etag() != null && answer.etag().equals(request.etag())) {
            return CompletableFuture.completedFuture(new FetchResponse(304, request.url(), null, new byte[0], answer.etag(), null));
        }
        return CompletableFuture.completedFuture(answer);
    }

    @Override
    public void close() {
    }
}
