package io.realtimeminer.fetcher.http;

import io.realtimeminer.net.RetryAfter;
import org.apache.hc.client5.http.impl.DefaultHttpRequestRetryStrategy;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.util.TimeValue;

import javax.net.ssl.SSLException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Retries a request inside one fetch when its failure looks passing: a 502, 503 or 504, a 429 or
 * 503 whose Retry-After is short, or a connection lost before the answer (a reset, a stale pooled
 * connection). Waits {@code firstDelay}, doubled at each further retry, or the Retry-After. HttpClient
 * runs it (its retry stage schedules the next attempt without blocking a thread); this class only
 * decides. Not retried: timeouts, refused connections, unknown hosts and TLS failures (waiting a
 * second rarely cures them, and the fetch deadline is better spent elsewhere), and a Retry-After
 * longer than {@code longestDelay}, which instead pauses the host and moves the source's next poll
 * (see {@link HostGate} and the scheduler).
 */
final class TransientErrorRetries extends DefaultHttpRequestRetryStrategy {

    private static final List<Integer> RETRIED_STATUSES = List.of(429, 502, 503, 504);

    private final Duration firstDelay;
    private final Duration longestDelay;

    /**
     * @param retries      retries after the first attempt at most (0: none)
     * @param firstDelay   wait before the first retry; doubled before each further one
     * @param longestDelay the longest wait between two attempts; a longer Retry-After is not waited out here
     */
    TransientErrorRetries(int retries, Duration firstDelay, Duration longestDelay) {
        super(retries, TimeValue.of(firstDelay),
                List.of(InterruptedIOException.class, UnknownHostException.class, ConnectException.class,
                        NoRouteToHostException.class, SSLException.class),
                RETRIED_STATUSES);
        this.firstDelay = firstDelay;
        this.longestDelay = longestDelay;
    }

    @Override
    public boolean retryRequest(HttpResponse response, int execCount, HttpContext context) {
        if (!super.retryRequest(response, execCount, context)) {
            return false;
        }
        Duration retryAfter = retryAfter(response);
        if (retryAfter != null) {
            return retryAfter.compareTo(longestDelay) <= 0;
        }
        // A 429 without Retry-After: the server wants fewer requests; the next poll comes soon enough.
        return response.getCode() != 429;
    }

    @Override
    public TimeValue getRetryInterval(HttpResponse response, int execCount, HttpContext context) {
        Duration retryAfter = retryAfter(response);
        if (retryAfter != null) {
            return TimeValue.ofMilliseconds(retryAfter.toMillis());
        }
        long delay = firstDelay.toMillis() << Math.min(20, Math.max(0, execCount - 1));
        return TimeValue.ofMilliseconds(Math.min(delay, longestDelay.toMillis()));
    }

    private static Duration retryAfter(HttpResponse response) {
        var header = response.getFirstHeader(HttpHeaders.RETRY_AFTER);
        return header == null ? null : RetryAfter.parse(header.getValue(), Instant.now(), Duration.ofDays(1));
    }
}
