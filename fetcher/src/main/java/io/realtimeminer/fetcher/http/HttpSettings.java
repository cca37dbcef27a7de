package io.realtimeminer.fetcher.http;

import java.time.Duration;

/**
 * The fetch engine's own typed settings, so that the HTTP layer depends on nothing above it; the
 * fetcher's configuration ({@code FetcherConfig.httpSettings()}) declares and documents them, and
 * the engine names them in the errors they cause.
 *
 * @param connectTimeout        to open a connection
 * @param responseTimeout       without a byte of the response
 * @param requestDeadline       for a whole fetch, redirects, retries and waits for a turn included
 * @param maxConnections        exchanges at once over all hosts
 * @param maxConnectionsPerHost pooled connections to one host
 * @param hostMaxConcurrent     requests in flight to one host
 * @param hostMinDelay          between two request starts at one host
 * @param maxBodyBytes          of a body, on the wire and decoded
 * @param maxRedirects          followed before the fetch fails
 * @param maxHeaderLineBytes    of a status or header line
 * @param maxHeaderCount        header lines of a response
 * @param userAgent             sent with every request
 * @param ioThreads             of the I/O reactor
 * @param retries               of a passing failure within the fetch
 * @param retryDelay            before the first retry, doubled after each
 * @param retryDelayMax         between two attempts at most
 * @param retryAfterMax         a server's Retry-After obeyed at most
 * @param robotsEnabled         whether robots.txt is obeyed
 * @param robotsCacheTtl        how long a host's robots.txt is reused
 * @param allowPrivateAddresses whether non-public addresses may be connected to
 * @param siteRequestsPerSecond requests per second to one site (registered domain) over the whole cluster; 0 for no limit
 */
public record HttpSettings(Duration connectTimeout, Duration responseTimeout, Duration requestDeadline, int maxConnections,
                           int maxConnectionsPerHost, int hostMaxConcurrent, Duration hostMinDelay, int maxBodyBytes, int maxRedirects,
                           int maxHeaderLineBytes, int maxHeaderCount, String userAgent, int ioThreads, int retries,
                           Duration retryDelay, Duration retryDelayMax, Duration retryAfterMax, boolean robotsEnabled,
                           Duration robotsCacheTtl, boolean allowPrivateAddresses, double siteRequestsPerSecond) {

    // The names of the settings the engine's errors point to.
    public static final String MAX_CONNECTIONS = "http.max.connections";
    public static final String MAX_REDIRECTS = "http.max.redirects";
    public static final String HOST_MAX_CONCURRENT = "http.host.max.concurrent";
    public static final String HOST_MIN_DELAY_MS = "http.host.min.delay.ms";
    public static final String SITE_REQUESTS_PER_SECOND = "http.site.requests.per.second";
    public static final String REQUEST_DEADLINE_MS = "http.request.deadline.ms";
    public static final String ALLOW_PRIVATE_ADDRESSES = "http.allow.private.addresses";

    /** The most bytes a response's header block may take: its line limit times its count limit. */
    public int maxHeaderBytes() {
        return (int) Math.min(Integer.MAX_VALUE, (long) maxHeaderLineBytes * maxHeaderCount);
    }
}
