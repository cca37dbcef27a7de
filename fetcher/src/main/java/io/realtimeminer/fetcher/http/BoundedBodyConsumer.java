package io.realtimeminer.fetcher.http;

import java.util.Arrays;
import java.util.List;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.ProtocolVersion;
import org.apache.hc.core5.http.nio.entity.AbstractBinAsyncEntityConsumer;
import org.apache.hc.core5.http.nio.support.AbstractAsyncResponseConsumer;
import org.apache.hc.core5.http.protocol.HttpContext;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Collects one response (status, the headers we use, body) up to a byte limit and aborts the
 * exchange beyond it, so a huge or endless response costs bounded memory. The body stays as sent
 * (compressed or not); {@link ContentDecoding} undoes the encoding.
 */
final class BoundedBodyConsumer extends AbstractAsyncResponseConsumer<BoundedBodyConsumer.Answer, byte[]> {

    /** One HTTP response as received. */
    record Answer(int status, String protocol, String contentType, String contentEncoding, String etag,
                  String lastModified, String location, String retryAfter, Freshness freshness, List<String> links, byte[] body) {
    }

    /** The headers that tell how long the response stays fresh (see {@link CacheFreshness}). */
    record Freshness(String cacheControl, String expires, String date, String age) {
    }

    /** Link headers kept at most (a hub's discovery needs two). */
    private static final int MAX_LINK_HEADERS = 32;

    private final LimitedBytes body;

    BoundedBodyConsumer(int maxBytes) {
        this(new LimitedBytes(maxBytes));
    }

    private BoundedBodyConsumer(LimitedBytes body) {
        super(body);
        this.body = body;
    }

    /**
     * Fails the exchange at the next bytes that arrive. Cancelling an HTTP/1.1 exchange may leave
     * its connection reading on; a failed consumer makes HttpClient close the connection.
     */
    void abort() {
        body.aborted = true;
    }

    @Override
    protected Answer buildResult(HttpResponse response, byte[] entity, ContentType contentType) {
        ProtocolVersion version = response.getVersion();
        return new Answer(
                response.getCode(),
                version == null ? null : version.format(),
                header(response, HttpHeaders.CONTENT_TYPE),
                header(response, HttpHeaders.CONTENT_ENCODING),
                header(response, HttpHeaders.ETAG),
                header(response, HttpHeaders.LAST_MODIFIED),
                header(response, HttpHeaders.LOCATION),
                header(response, HttpHeaders.RETRY_AFTER),
                new Freshness(header(response, HttpHeaders.CACHE_CONTROL), header(response, HttpHeaders.EXPIRES),
                        header(response, HttpHeaders.DATE), header(response, HttpHeaders.AGE)),
                Arrays.stream(response.getHeaders(HttpHeaders.LINK)).limit(MAX_LINK_HEADERS).map(Header::getValue).toList(),
                entity == null ? new byte[0] : entity);
    }

    @Override
    public void informationResponse(HttpResponse response, HttpContext context) {
        // 1xx responses carry nothing we use.
    }

    private static String header(HttpResponse response, String name) {
        Header header = response.getFirstHeader(name);
        return header == null ? null : header.getValue();
    }

    private static final class LimitedBytes extends AbstractBinAsyncEntityConsumer<byte[]> {

        private final int maxBytes;
        private ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private volatile boolean aborted;

        LimitedBytes(int maxBytes) {
            this.maxBytes = maxBytes;
        }

        @Override
        protected void streamStart(ContentType contentType) {
            buffer = new ByteArrayOutputStream();
        }

        @Override
        protected int capacityIncrement() {
            return 64 * 1024;
        }

        @Override
        protected void data(ByteBuffer src, boolean endOfStream) throws IOException {
            if (aborted) {
                throw new FetchException(FailureKind.TIMEOUT, "response abandoned: the fetch's deadline passed");
            }
            int length = src.remaining();
            if (buffer.size() + (long) length > maxBytes) {
                throw new BodyTooLargeException(maxBytes);
            }
            if (src.hasArray()) {
                buffer.write(src.array(), src.arrayOffset() + src.position(), length);
                src.position(src.limit());
            } else {
                byte[] chunk = new byte[length];
                src.get(chunk);
                buffer.write(chunk);
            }
        }

        @Override
        protected byte[] generateContent() {
            return buffer.toByteArray();
        }

        @Override
        public void releaseResources() {
            buffer = new ByteArrayOutputStream();
        }
    }
}
