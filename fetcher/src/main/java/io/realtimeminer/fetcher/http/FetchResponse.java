package io.realtimeminer.fetcher.http;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * What a server answered.
 *
 * @param status       HTTP status code
 * @param url          the URL that answered, after redirects
 * @param contentType  the Content-Type header, passed on as is so that extractors find the charset (nullable)
 * @param body         the body bytes, decompressed (empty for 304)
 * @param etag         the ETag header (nullable)
 * @param lastModified the Last-Modified header (nullable)
 * @param protocol     the protocol version that answered, e.g. "HTTP/1.1" or "HTTP/2.0" (nullable)
 * @param retryAfter   how long the server asked us to wait (Retry-After of a 429 or 503, capped), nullable
 * @param freshFor     how long the server says the document stays fresh (Cache-Control max-age, Expires; see
 *                     {@link CacheFreshness}), nullable
 * @param links        the response's Link header values, as sent (a WebSub hub's discovery)
 */
public record FetchResponse(int status, URI url, String contentType, byte[] body, String etag, String lastModified,
                            String protocol, Duration retryAfter, Duration freshFor, List<String> links) {

    public FetchResponse {
        links = links == null ? List.of() : List.copyOf(links);
    }

    /** A response without Link headers. */
    public FetchResponse(int status, URI url, String contentType, byte[] body, String etag, String lastModified,
                         String protocol, Duration retryAfter, Duration freshFor) {
        this(status, url, contentType, body, etag, lastModified, protocol, retryAfter, freshFor, List.of());
    }

    /** A response without a freshness hint. */
    public FetchResponse(int status, URI url, String contentType, byte[] body, String etag, String lastModified,
                         String protocol, Duration retryAfter) {
        this(status, url, contentType, body, etag, lastModified, protocol, retryAfter, null);
    }

    /** A response without protocol or Retry-After, as fakes of {@link PageFetcher} build it. */
    public FetchResponse(int status, URI url, String contentType, byte[] body, String etag, String lastModified) {
        this(status, url, contentType, body, etag, lastModified, null, null);
    }

    /** Bytes of the body as read (decompressed). */
    public int bodySize() {
        return body == null ? 0 : body.length;
    }

    public boolean notModified() {
        return status == 304;
    }

    public boolean successful() {
        return status >= 200 && status < 300;
    }

    /** 429 or 503: the server asks us to slow down. */
    public boolean throttled() {
        return status == 429 || status == 503;
    }
}
