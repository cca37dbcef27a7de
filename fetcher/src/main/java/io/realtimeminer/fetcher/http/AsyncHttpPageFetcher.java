package io.realtimeminer.fetcher.http;

import io.realtimeminer.fetcher.sites.SiteShares;
import io.realtimeminer.fetcher.sites.Sites;
import io.realtimeminer.net.RetryAfter;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.async.methods.SimpleRequestProducer;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.reactor.IOReactorStatus;

import javax.net.ssl.SSLContext;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@link PageFetcher} on Apache HttpClient 5's async client: a few I/O threads serve thousands of
 * requests in flight over pooled connections (HTTP/2 where the server offers it through TLS ALPN,
 * HTTP/1.1 otherwise). Around each exchange: a politeness gate per host, robots.txt (optional),
 * redirects followed here (limit, loops), public addresses only (checked after DNS, at every hop),
 * bounded gzip/deflate decoding, Retry-After, and a deadline for the fetch as a whole.
 */
public final class AsyncHttpPageFetcher implements PageFetcher {


    private final CloseableHttpAsyncClient client;
    private final ScheduledExecutorService timer;
    private final ExecutorService dispatch;
    private final HostGate gate;
    /** One request budget per site (registered domain), its share of it set by the cluster's wants. */
    private final SiteShares shares;
    private final HostGate sites;
    private final RobotsTxt robots;
    private final FetchFailures failures;
    private final int maxBodyBytes;
    private final int maxRedirects;
    private final Duration deadline;
    private final Duration retryAfterMax;
    /** The key of {@link #slots}: one queue for every host. */
    private static final String ALL_HOSTS = "*";
    private final HostGate slots;
    private final int maxConnections;
    private volatile boolean closed;

    /** An engine on its own (a preview, an import): the whole request budget of every site. */
    public AsyncHttpPageFetcher(HttpSettings config) {
        this(config, SiteShares.alone(config.siteRequestsPerSecond()));
    }

    /** @param shares this fetcher's shares of the sites' request budgets, as the cluster's heartbeats set them */
    public AsyncHttpPageFetcher(HttpSettings config, SiteShares shares) {
        this(config, SystemDefaultDnsResolver.INSTANCE, AddressPolicy.of(config.allowPrivateAddresses()), null, shares);
    }

    AsyncHttpPageFetcher(HttpSettings config, DnsResolver dns, AddressPolicy addresses, SSLContext sslContext) {
        this(config, dns, addresses, sslContext, SiteShares.alone(config.siteRequestsPerSecond()));
    }

    /**
     * @param dns        resolves host names (tests map names to addresses)
     * @param addresses  which addresses may be connected to
     * @param sslContext trust for TLS, null for the JVM's default trust store
     */
    AsyncHttpPageFetcher(HttpSettings config, DnsResolver dns, AddressPolicy addresses, SSLContext sslContext, SiteShares shares) {
        this.maxBodyBytes = config.maxBodyBytes();
        this.maxRedirects = config.maxRedirects();
        this.deadline = config.requestDeadline();
        this.retryAfterMax = config.retryAfterMax();
        this.maxConnections = config.maxConnections();
        this.failures = new FetchFailures(config.connectTimeout(), config.responseTimeout());
        this.timer = Executors.newSingleThreadScheduledExecutor(daemon("http-timer", new AtomicInteger()));
        // HttpClient resolves host names on the thread that starts an exchange: this small pool keeps
        // a slow DNS answer away from the I/O reactor and from the timer that hands out turns.
        this.dispatch = Executors.newFixedThreadPool(Math.max(2, config.ioThreads()), daemon("http-dispatch", new AtomicInteger()));
        this.gate = new HostGate(config.hostMaxConcurrent(), config.hostMinDelay(), timer);
        this.shares = shares;
        // A rate, not a number in flight: a turn is given back as soon as it is granted.
        this.sites = new HostGate(Integer.MAX_VALUE, shares::spacingNanos, timer);
        // One gate over all hosts: no more exchanges than pooled connections, so no request ever
        // waits inside HttpClient's pool (whose release of a queued lease recursed into a
        // StackOverflowError when tens of thousands queued there).
        this.slots = new HostGate(config.maxConnections(), Duration.ZERO, timer);
        this.robots = config.robotsEnabled()
                ? new RobotsTxt(config.userAgent(), config.robotsCacheTtl(), url -> fetch(new FetchRequest(url, Map.of(), null, null)))
                : null;
        this.client = AsyncClientFactory.create(config, new GuardedDnsResolver(dns, addresses), sslContext);
        client.start();
    }

    @Override
    public CompletableFuture<FetchResponse> fetch(FetchRequest request) {
        Optional<String> broken = failure();
        if (broken.isPresent()) {
            // Not even tried: a reactor shutting down may still answer on a pooled connection, or never.
            return CompletableFuture.failedFuture(new FetchException(FailureKind.OTHER, "not fetched: " + broken.get()));
        }
        boolean shorter = request.deadline() != null && request.deadline().compareTo(deadline) < 0;
        FetchDeadline limit = shorter ? new FetchDeadline(request.deadline(), null, timer)
                : new FetchDeadline(deadline, HttpSettings.REQUEST_DEADLINE_MS, timer);
        Map<String, String> headers = new LinkedHashMap<>(request.headers());
        if (request.etag() != null) {
            headers.put(HttpHeaders.IF_NONE_MATCH, request.etag());
        }
        if (request.lastModified() != null) {
            headers.put(HttpHeaders.IF_MODIFIED_SINCE, request.lastModified());
        }
        byte[] form = request.form() == null ? null : request.formBody();
        pipe(follow(headers, form, request.url(), new ArrayList<>(List.of(request.url())), limit), limit.result());
        return limit.result();
    }

    /** One hop of a fetch and, for a redirect, the hops after it. {@code visited} holds this hop's URL last. */
    private CompletableFuture<FetchResponse> follow(Map<String, String> headers, byte[] form, URI url, List<URI> visited,
                                                    FetchDeadline limit) {
        if (!PageFetcher.fetchable(url)) {
            return CompletableFuture.failedFuture(new FetchException("cannot fetch " + url + ": only http and https URLs with a host"));
        }
        CompletableFuture<Void> allowed = robots == null || url.getPath().equals("/robots.txt")
                ? CompletableFuture.completedFuture(null)
                : robots.check(url).thenAccept(verdict -> {
                    if (!verdict.allowed()) {
                        throw new CompletionException(new FetchException(FailureKind.ROBOTS, verdict.reason()));
                    }
                });
        return allowed
                .thenCompose(ignored -> exchangeInTurn(headers, form, url, limit))
                .thenComposeAsync(answer -> {
                    if (isRedirect(answer.status()) && answer.location() != null) {
                        // 307 and 308 repeat the request as it was; the others turn it into a GET (RFC 9110 15.4).
                        byte[] next = answer.status() == 307 || answer.status() == 308 ? form : null;
                        return redirect(headers, next, url, answer.location(), visited, limit);
                    }
                    return CompletableFuture.completedFuture(toResponse(url, answer));
                }, dispatch);
    }

    private CompletableFuture<FetchResponse> redirect(Map<String, String> headers, byte[] form, URI from, String location,
                                                      List<URI> visited, FetchDeadline limit) {
        URI next;
        try {
            next = from.resolve(location.strip().replace(" ", "%20"));
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new FetchException(FailureKind.REDIRECT, "redirect from " + from + " to an invalid Location '" + location + "'"));
        }
        if (!PageFetcher.fetchable(next)) {
            // Checked before anything reads the target's host: file:///etc/passwd has none.
            return CompletableFuture.failedFuture(new FetchException(FailureKind.REDIRECT, "redirect from " + from + " to " + next
                    + " not followed: only http and https URLs with a host are"));
        }
        if (visited.contains(next)) {
            List<String> loop = new ArrayList<>(visited.stream().map(URI::toString).toList());
            loop.add(next.toString());
            return CompletableFuture.failedFuture(new FetchException(FailureKind.REDIRECT, "redirect loop: " + String.join(" -> ", loop)));
        }
        if (visited.size() > maxRedirects) {
            return CompletableFuture.failedFuture(new FetchException(FailureKind.REDIRECT, "too many redirects (" + visited.size() + "); the limit is "
                    + maxRedirects + " (" + HttpSettings.MAX_REDIRECTS + ")"));
        }
        visited.add(next);
        // Headers were given for the first hop's origin: to another one only those that carry no credential.
        return follow(OriginHeaders.forTarget(headers, visited.get(0), next), form, next, visited, limit);
    }

    /** Waits for a turn at the URL's site (its budget), then at its host, then exchanges. */
    private CompletableFuture<BoundedBodyConsumer.Answer> exchangeInTurn(Map<String, String> headers, byte[] form, URI url,
                                                                         FetchDeadline limit) {
        if (!shares.limited()) {
            return exchangeInHostTurn(headers, form, url, limit);
        }
        String site = Sites.of(url);
        shares.asked(site);
        CompletableFuture<HostGate.Permit> turn = sites.acquire(site);
        limit.enter("waiting for a turn at site " + site + " (" + HttpSettings.SITE_REQUESTS_PER_SECOND + " "
                + shares.budget() + ", shared with " + shares.sharers(site) + " other fetchers)", turn);
        return turn.thenCompose(permit -> {
            permit.release();
            if (limit.expired()) {
                return CompletableFuture.failedFuture(new FetchException(FailureKind.TIMEOUT, "deadline passed while waiting for a turn at site " + site));
            }
            return exchangeInHostTurn(headers, form, url, limit);
        });
    }

    /** Waits for a turn at the URL's host, then exchanges; a host paused by Retry-After beyond the deadline fails at once. */
    private CompletableFuture<BoundedBodyConsumer.Answer> exchangeInHostTurn(Map<String, String> headers, byte[] form, URI url,
                                                                             FetchDeadline limit) {
        String host = hostKey(url);
        Duration paused = gate.pausedFor(host);
        if (paused.compareTo(limit.remaining()) > 0) {
            return CompletableFuture.failedFuture(new FetchException(FailureKind.THROTTLED, "not requested: " + host + " asked us to wait (Retry-After) "
                    + seconds(paused) + " s more"));
        }
        CompletableFuture<HostGate.Permit> turn = gate.acquire(host);
        limit.enter("waiting for a turn at " + host + " (" + HttpSettings.HOST_MAX_CONCURRENT + ", "
                + HttpSettings.HOST_MIN_DELAY_MS + ")", turn);
        return turn.thenComposeAsync(permit -> {
            if (limit.expired()) {
                permit.release();
                return CompletableFuture.failedFuture(new FetchException(FailureKind.TIMEOUT, "deadline passed while waiting for a turn at " + host));
            }
            CompletableFuture<HostGate.Permit> slot = slots.acquire(ALL_HOSTS);
            limit.enter("waiting for one of the " + maxConnections + " connections (" + HttpSettings.MAX_CONNECTIONS + ")", slot);
            // Async: a slot freed on an I/O thread must not start the next exchange (and its DNS lookup) there.
            CompletableFuture<BoundedBodyConsumer.Answer> answer = slot.thenComposeAsync(connection -> {
                if (limit.expired()) {
                    connection.release();
                    return CompletableFuture.failedFuture(new FetchException(FailureKind.TIMEOUT, "deadline passed while waiting for a connection"));
                }
                return exchange(headers, form, url, limit).whenComplete((a, e) -> connection.release());
            }, dispatch);
            return answer.whenComplete((a, e) -> {
                permit.release();
                if (a != null && (a.status() == 429 || a.status() == 503)) {
                    Duration wait = RetryAfter.parse(a.retryAfter(), Instant.now(), retryAfterMax);
                    if (wait != null && !wait.isZero()) {
                        gate.pause(host, wait);
                    }
                }
            });
        }, dispatch);
    }

    private CompletableFuture<BoundedBodyConsumer.Answer> exchange(Map<String, String> headers, byte[] form, URI url,
                                                                   FetchDeadline limit) {
        SimpleRequestBuilder builder = form == null ? SimpleRequestBuilder.get(url)
                : SimpleRequestBuilder.post(url).setBody(form, ContentType.APPLICATION_FORM_URLENCODED);
        headers.forEach(builder::setHeader);
        // Only encodings we decode ourselves, because only then is the decoded size bounded.
        builder.setHeader(HttpHeaders.ACCEPT_ENCODING, ContentDecoding.ACCEPTED);
        SimpleHttpRequest request = builder.build();
        CompletableFuture<BoundedBodyConsumer.Answer> result = new CompletableFuture<>();
        BoundedBodyConsumer consumer = new BoundedBodyConsumer(maxBodyBytes);
        Future<BoundedBodyConsumer.Answer> exchange;
        try {
            exchange = client.execute(SimpleRequestProducer.create(request),
                consumer, null, HttpClientContext.create(), new FutureCallback<>() {
                    @Override
                    public void completed(BoundedBodyConsumer.Answer answer) {
                        result.complete(answer);
                    }

                    @Override
                    public void failed(Exception e) {
                        result.completeExceptionally(failures.describe(e, url));
                    }

                    @Override
                    public void cancelled() {
                        result.completeExceptionally(new FetchException("request to " + hostKey(url) + " was cancelled"));
                    }
                });
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(failures.describe(e, url));
        }
        limit.enter("receiving the response of " + url, exchange, consumer::abort);
        return result;
    }

    private FetchResponse toResponse(URI url, BoundedBodyConsumer.Answer answer) {
        byte[] body;
        try {
            body = ContentDecoding.decode(answer.body(), answer.contentEncoding(), maxBodyBytes);
        } catch (FetchException e) {
            throw new CompletionException(e);
        }
        Duration retryAfter = answer.status() == 429 || answer.status() == 503
                ? RetryAfter.parse(answer.retryAfter(), Instant.now(), retryAfterMax) : null;
        BoundedBodyConsumer.Freshness fresh = answer.freshness();
        Duration freshFor = answer.status() == 200 || answer.status() == 304 ? CacheFreshness.of(fresh.cacheControl(), fresh.expires(),
                fresh.date(), fresh.age(), Instant.now()) : null;
        return new FetchResponse(answer.status(), url, answer.contentType(), body, answer.etag(), answer.lastModified(),
                answer.protocol(), retryAfter, freshFor, answer.links());
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    /** The unit of politeness: host and port, like HttpClient's routes and robots.txt. */
    static String hostKey(URI url) {
        int port = url.getPort() > 0 ? url.getPort() : "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
        return url.getHost().toLowerCase(Locale.ROOT) + ":" + port;
    }

    private static long seconds(Duration duration) {
        return (duration.toMillis() + 999) / 1000;
    }

    private static <T> void pipe(CompletableFuture<T> from, CompletableFuture<T> to) {
        from.whenComplete((value, error) -> {
            if (error == null) {
                to.complete(value);
            } else {
                Throwable cause = FetchFailures.unwrap(error);
                to.completeExceptionally(cause instanceof FetchException ? cause : new FetchException(FetchFailures.kindOf(cause), FetchFailures.message(cause), cause));
            }
        });
    }

    private static ThreadFactory daemon(String name, AtomicInteger count) {
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * The I/O reactor shuts down by itself when one of its threads meets an error it cannot handle
     * (an OutOfMemoryError, say); every fetch fails from then on, so the instance must give its
     * sources away.
     */
    @Override
    public Optional<String> failure() {
        IOReactorStatus status = client.getStatus();
        // INACTIVE: started, its threads not running yet (for a moment after start()).
        return closed || status == IOReactorStatus.ACTIVE || status == IOReactorStatus.INACTIVE ? Optional.empty()
                : Optional.of("the HTTP engine's I/O reactor is " + status.name().toLowerCase(Locale.ROOT).replace('_', ' '));
    }

    @Override
    public void close() {
        closed = true;
        // Polls still in flight are abandoned on shutdown (their sources are polled again by
        // whoever owns them next): a graceful close would only wait for them.
        client.close(CloseMode.IMMEDIATE);
        timer.shutdownNow();
        dispatch.shutdownNow();
    }
}
