package io.realtimeminer.fetcher.http;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One GET of a source's URL, or one POST of a form (a WebSub subscription).
 *
 * @param url          what to fetch
 * @param headers      extra headers from the template
 * @param etag         validator from the previous response, sent as If-None-Match (nullable)
 * @param lastModified validator from the previous response, sent as If-Modified-Since (nullable)
 * @param deadline     time allowed for this fetch as a whole when shorter than the fetcher's own
 *                     ({@code http.request.deadline.ms}); null for the fetcher's
 * @param form         a form to POST ({@code application/x-www-form-urlencoded}, kept through a 307 or 308
 *                     redirect only); null for a GET
 */
public record FetchRequest(URI url, Map<String, String> headers, String etag, String lastModified, Duration deadline,
                           Map<String, String> form) {

    public FetchRequest {
        headers = Map.copyOf(headers);
        form = form == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(form));
    }

    /** A GET. */
    public FetchRequest(URI url, Map<String, String> headers, String etag, String lastModified, Duration deadline) {
        this(url, headers, etag, lastModified, deadline, null);
    }

    /** A POST of {@code form} (its order kept). */
    public static FetchRequest post(URI url, Map<String, String> form, Duration deadline) {
        return new FetchRequest(url, Map.of(), null, null, deadline, form);
    }

    /** The form, encoded as its body. */
    public byte[] formBody() {
        StringBuilder body = new StringBuilder();
        form.forEach((name, value) -> {
            if (body.length() > 0) {
                body.append('&');
            }
            body.append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        });
        return body.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** A request with the fetcher's own deadline. */
    public FetchRequest(URI url, Map<String, String> headers, String etag, String lastModified) {
        this(url, headers, etag, lastModified, null);
    }
}
