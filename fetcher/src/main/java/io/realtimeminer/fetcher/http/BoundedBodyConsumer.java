package io.realtimeminer.fetcher.http;

import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.nio.support.AbstractAsyncResponseConsumer;
import org.apache.hc.core5.http.nio.entity.AbstractBinAsyncEntityConsumer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;

/**
 * Collects a response body up to a byte limit and aborts the exchange beyond it, so a huge or
 * endless response costs bounded memory.
 */
final class BoundedBodyConsumer extends AbstractAsyncResponseConsumer<FetchResponse, byte[]> {

    private final URI requestUrl;

    BoundedBodyConsumer(URI requestUrl, int maxBytes) {
        super(new LimitedBytes(maxBytes));
        this.requestUrl = requestUrl;
    }

    @Override
    protected FetchResponse buildResult(HttpResponse response, byte[] entity, ContentType contentType) {
        return new FetchResponse(
                response.getCode(),
                requestUrl,
                header(response, HttpHeaders.CONTENT_TYPE),
                entity == null ? new byte[0] : entity,
                header(response, HttpHeaders.ETAG),
                header(response, HttpHeaders.LAST_MODIFIED));
    }

    @Override
    public void informationResponse(HttpResponse response, org.apache.hc.core5.http.protocol.HttpContext context)
            throws HttpException, IOException {
        // 1xx responses carry nothing we use.
    }

    private static String header(HttpResponse response, String name) {
        Header header = response.getFirstHeader(name);
        return header == null ? null : header.getValue();
    }

    private static final class LimitedBytes extends AbstractBinAsyncEntityConsumer<byte[]> {

        private final int maxBytes;
        private ByteArrayOutputStream buffer = new ByteArrayOutputStream();

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
