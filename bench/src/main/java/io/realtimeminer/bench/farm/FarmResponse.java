package io.realtimeminer.bench.farm;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the farm answers to one request, before its delay.
 *
 * @param status  HTTP status
 * @param body    the body (empty for 304, 404 and 503)
 * @param headers response headers (Content-Type, ETag, Last-Modified, Retry-After)
 */
record FarmResponse(int status, byte[] body, Map<String, String> headers) {

    private static final byte[] EMPTY = new byte[0];

    static FarmResponse ok(String contentType, String body, String etag, long modifiedMillis) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", contentType);
        if (etag != null) {
            headers.put("ETag", etag);
            headers.put("Last-Modified", httpDate(modifiedMillis));
        }
        return new FarmResponse(200, body.getBytes(StandardCharsets.UTF_8), headers);
    }

    /** This response with one more header. */
    FarmResponse withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new FarmResponse(status, body, more);
    }

    static FarmResponse notModified(String etag, long modifiedMillis) {
        return new FarmResponse(304, EMPTY, Map.of("ETag", etag, "Last-Modified", httpDate(modifiedMillis)));
    }

    static FarmResponse unavailable(Integer retryAfterSeconds) {
        return new FarmResponse(503, EMPTY, retryAfterSeconds == null ? Map.of() : Map.of("Retry-After", retryAfterSeconds.toString()));
    }

    static FarmResponse notFound() {
        return new FarmResponse(404, EMPTY, Map.of());
    }

    static String httpDate(long millis) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(Instant.ofEpochMilli(millis).atOffset(ZoneOffset.UTC));
    }
}
