package io.realtimeminer.fetcher.http;

/** What sort of failure a fetch, or the poll around it, met: for the source's status and the metrics. */
public enum FailureKind {
    /** The server answered with an error status (4xx, 5xx). */
    HTTP_STATUS,
    /** No complete answer in time: connect, response or the fetch's deadline. */
    TIMEOUT,
    /** The host resolved only to addresses the fetcher must not connect to (private, loopback, ...). */
    ADDRESS_REFUSED,
    /** The site's robots.txt forbids the URL. */
    ROBOTS,
    /** The body grew beyond the limit, as sent or decompressed. */
    TOO_LARGE,
    /** No connection, or one that broke: unknown host, refused, reset, TLS. */
    NETWORK,
    /** The server's answer broke HTTP: malformed headers, an endless header, bad compression. */
    PROTOCOL,
    /** A redirect that cannot be followed: a loop, too many, or to a non-HTTP target. */
    REDIRECT,
    /** Not requested: the host asked us to wait (Retry-After) beyond the fetch's deadline. */
    THROTTLED,
    /** The document could not be read as the template's kind, or took too long to read (the poller's). */
    PARSE,
    /** Anything else. */
    OTHER;

    /** What sort of failure a fetch that failed with {@code error} met (HttpClient's exceptions, ours, wrapped or not). */
    public static FailureKind of(Throwable error) {
        return FetchFailures.kindOf(error);
    }
}
