package io.realtimeminer.fetcher.http;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipException;

/**
 * Undoes the gzip or deflate Content-Encoding of a body with a hard limit on the output, so that a
 * few kilobytes that inflate to gigabytes (a "zip bomb") fail after at most the limit was written.
 */
final class ContentDecoding {

    /** The encodings we ask for; we decode them ourselves because only then can the output be bounded. */
    static final String ACCEPTED = "gzip, deflate";

    private ContentDecoding() {
    }

    /**
     * @param body            the body as received
     * @param contentEncoding the Content-Encoding header, nullable
     * @param maxBytes        the largest decoded body accepted
     */
    static byte[] decode(byte[] body, String contentEncoding, int maxBytes) throws FetchException {
        if (contentEncoding == null || contentEncoding.isBlank() || body.length == 0) {
            return body;
        }
        String[] codings = contentEncoding.toLowerCase(Locale.ROOT).split(",");
        byte[] decoded = body;
        // Codings are listed in the order they were applied; undo them from the last.
        for (int i = codings.length - 1; i >= 0; i--) {
            String coding = codings[i].strip();
            decoded = switch (coding) {
                case "", "identity" -> decoded;
                case "gzip", "x-gzip" -> inflate(decoded, maxBytes, true);
                case "deflate" -> inflate(decoded, maxBytes, false);
                default -> throw new FetchException(FailureKind.PROTOCOL, "unsupported Content-Encoding '" + coding + "'");
            };
        }
        return decoded;
    }

    private static byte[] inflate(byte[] body, int maxBytes, boolean gzip) throws FetchException {
        Inflater inflater = null;
        try (InputStream in = gzip ? new GZIPInputStream(new ByteArrayInputStream(body), 8192)
                : new InflaterInputStream(new ByteArrayInputStream(body), inflater = new Inflater(!hasZlibHeader(body)), 8192)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(maxBytes, Math.max(1024, body.length * 4)));
            byte[] chunk = new byte[8192];
            for (int n; (n = in.read(chunk)) != -1; ) {
                if (out.size() + (long) n > maxBytes) {
                    throw new BodyTooLargeException(maxBytes, true);
                }
                out.write(chunk, 0, n);
            }
            return out.toByteArray();
        } catch (ZipException e) {
            throw new FetchException(FailureKind.PROTOCOL, "response body is not valid " + (gzip ? "gzip" : "deflate") + " data: " + e.getMessage(), e);
        } catch (FetchException e) {
            throw e;
        } catch (IOException e) {
            throw new FetchException(FailureKind.PROTOCOL, "response body could not be decompressed: " + e.getMessage(), e);
        } finally {
            if (inflater != null) {
                inflater.end();
            }
        }
    }

    /** "deflate" should be zlib-wrapped (RFC 9110) but some servers send raw deflate. */
    private static boolean hasZlibHeader(byte[] body) {
        if (body.length < 2) {
            return false;
        }
        int cmf = body[0] & 0xff;
        int flg = body[1] & 0xff;
        return (cmf & 0x0f) == 8 && ((cmf << 8) | flg) % 31 == 0;
    }
}
