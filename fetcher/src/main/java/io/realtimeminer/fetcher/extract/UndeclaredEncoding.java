package io.realtimeminer.fetcher.extract;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * The encoding of a document that declares none and is not UTF-8. A feed or page with no BOM, no
 * charset in its Content-Type and none in its XML declaration or meta tag is read as UTF-8 by the
 * parsers, and Latin-1 / windows-1252 text ("simulações de 2º turno") comes out with U+FFFD
 * replacement characters. Browsers and feed readers read such bytes as windows-1252 (the WHATWG
 * Encoding Standard's default for Western pages); so do we, and valid UTF-8 is never re-decoded.
 */
final class UndeclaredEncoding {

    /** What browsers take for undeclared, non-UTF-8 bytes. */
    static final Charset FALLBACK = Charset.forName("windows-1252");
    /** How far into a document its declaration is looked for (Jsoup and browsers look at the first kilobytes). */
    private static final int HEAD = 8 * 1024;
    private static final Pattern XML_ENCODING = Pattern.compile("<\\?xml[^>]*encoding\\s*=", Pattern.CASE_INSENSITIVE);
    private static final Pattern META_CHARSET = Pattern.compile("<meta[^>]+charset\\s*=", Pattern.CASE_INSENSITIVE);

    private UndeclaredEncoding() {
    }

    /**
     * {@link #FALLBACK} when the document declares no encoding anywhere and its bytes are not valid
     * UTF-8; null when the parser should decide as usual.
     */
    static Charset of(byte[] body, String contentType) {
        if (body.length == 0 || hasBom(body) || ContentType.charset(contentType) != null) {
            return null;
        }
        String head = new String(body, 0, Math.min(body.length, HEAD), StandardCharsets.ISO_8859_1);
        if (XML_ENCODING.matcher(head).find() || META_CHARSET.matcher(head).find()) {
            return null;
        }
        return isUtf8(body) ? null : FALLBACK;
    }

    private static boolean hasBom(byte[] b) {
        return b.length >= 3 && (b[0] & 0xff) == 0xEF && (b[1] & 0xff) == 0xBB && (b[2] & 0xff) == 0xBF
                || b.length >= 2 && ((b[0] & 0xff) == 0xFE && (b[1] & 0xff) == 0xFF || (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xFE);
    }

    private static boolean isUtf8(byte[] body) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
