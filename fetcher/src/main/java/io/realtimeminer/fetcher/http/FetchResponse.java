package io.realtimeminer.fetcher.http;

import java.net.URI;

/**
 * What a server answered.
 *
 * @param status       HTTP status code
 * @param url          the URL that answered, after redirects
 * @param contentType  the Content-Type header (nullable)
 * @param body         the body bytes (empty for 304)
 * @param etag         the ETag header (nullable)
 * @param lastModified the Last-Modified header (nullable)
 */
public record FetchResponse(int status, URI url, String contentType, byte[] body, String etag, String lastModified) {

    public boolean notModified() {
        return status == 304;
    }

    public boolean successful() {
        return status >= 200 && status < 300;
    }
}
