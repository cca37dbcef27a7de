package io.realtimeminer.fetcher.http;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * One GET of a source's URL.
 *
 * @param url          what to fetch
 * @param headers      extra headers from the template
 * @param etag         validator from the previous response, sent as If-None-Match (nullable)
 * @param lastModified validator from the previous response, sent as If-Modified-Since (nullable)
 * @param deadline     time allowed for this fetch as a whole when shorter than the fetcher's own
 *                     ({@code http.request.deadline.ms}); null for the fetcher's
 */
public record FetchRequest(URI url, Map<String, String> headers, String etag, String lastModified, Duration deadline) {

    public FetchRequest {
        headers = Map.copyOf(headers);
    }

    /** A request with the fetcher's own deadline. */
    public FetchRequest(URI url, Map<String, String> headers, String etag, String lastModified) {
        this(url, headers, etag, lastModified, null);
    }
}
