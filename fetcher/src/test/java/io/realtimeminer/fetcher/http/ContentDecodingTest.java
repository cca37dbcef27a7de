package io.realtimeminer.fetcher.http;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ContentDecodingTest {

    private static final byte[] TEXT = "<rss>ünïcödé</rss>".repeat(100).getBytes(StandardCharsets.UTF_8);

    @Test
    void decodesGzipDeflateAndRawDeflate() throws Exception {
        assertThat(ContentDecoding.decode(gzip(TEXT), "gzip", 1 << 20)).isEqualTo(TEXT);
        assertThat(ContentDecoding.decode(deflate(TEXT, false), "deflate", 1 << 20)).isEqualTo(TEXT);
        assertThat(ContentDecoding.decode(deflate(TEXT, true), "deflate", 1 << 20)).isEqualTo(TEXT);
        assertThat(ContentDecoding.decode(gzip(gzip(TEXT)), "gzip, gzip", 1 << 20)).isEqualTo(TEXT);
        assertThat(ContentDecoding.decode(TEXT, null, 1 << 20)).isEqualTo(TEXT);
        assertThat(ContentDecoding.decode(TEXT, "identity", 1 << 20)).isEqualTo(TEXT);
    }

    @Test
    void aGzipBombFailsOnceTheLimitIsReached() throws Exception {
        byte[] bomb = gzip(new byte[10 * 1024 * 1024]);
        assertThat(bomb.length).isLessThan(20 * 1024);

        assertThatThrownBy(() -> ContentDecoding.decode(bomb, "gzip", 1024 * 1024))
                .isInstanceOf(BodyTooLargeException.class)
                .hasMessage("response body exceeds the limit of 1048576 bytes after decompression");
    }

    @Test
    void corruptOrUnknownEncodingsAreClearErrors() {
        assertThatThrownBy(() -> ContentDecoding.decode(TEXT, "gzip", 1 << 20))
                .isInstanceOf(FetchException.class).hasMessageStartingWith("response body is not valid gzip data");
        assertThatThrownBy(() -> ContentDecoding.decode(TEXT, "br", 1 << 20))
                .isInstanceOf(FetchException.class).hasMessage("unsupported Content-Encoding 'br'");
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    private static byte[] deflate(byte[] data, boolean raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream deflater = new DeflaterOutputStream(out, new Deflater(Deflater.DEFAULT_COMPRESSION, raw))) {
            deflater.write(data);
        }
        return out.toByteArray();
    }
}
