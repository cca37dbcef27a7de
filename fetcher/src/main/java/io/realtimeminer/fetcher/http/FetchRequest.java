package io.realtimeminer.fetcher.http;

import java.net.URI;
import java.util.Map;

/**
 * One GET of a source's URL.
 *
 * @param url          what to fetch
 * @param headers      extra headers from the template
 * @param etag         validator from the previous response, sent as If-None-Match (nullable)
 * @param lastModified validator from the previous response, sent as If-Modified-Since (nullable)
 */
public record FetchRequest(URI url, Map<String, String> headers, String etag, String lastModified) {

    public FetchRequest {
        headers = Map.copyOf(headers);
    }
}
