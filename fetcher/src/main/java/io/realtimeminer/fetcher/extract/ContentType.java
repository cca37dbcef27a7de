package io.realtimeminer.fetcher.extract;

import java.nio.charset.Charset;
import java.util.Locale;

/** The parts of a Content-Type header the extractors use. */
final class ContentType {

    private ContentType() {
    }

    /**
     * The charset the header declares, if Java knows it; null otherwise, so that the parser detects
     * it from the document (BOM, XML declaration, meta charset) instead of trusting a typo.
     */
    static String charset(String header) {
        if (header == null) {
            return null;
        }
        for (String parameter : header.split(";")) {
            String[] pair = parameter.trim().split("=", 2);
            if (pair.length == 2 && pair[0].trim().toLowerCase(Locale.ROOT).equals("charset")) {
                String name = pair[1].trim().replace("\"", "").replace("'", "");
                try {
                    return Charset.isSupported(name) ? Charset.forName(name).name() : null;
                } catch (IllegalArgumentException e) {
                    return null;
                }
            }
        }
        return null;
    }

    /**
     * The header for an XML reader: as it is when it names a charset Java knows, else null, so that
     * the reader takes the encoding from the document (BOM, XML declaration, else UTF-8). Otherwise
     * an unknown charset fails the feed, and {@code text/xml} without one means US-ASCII to ROME
     * (RFC 3023), which turns every non-ASCII character of a UTF-8 feed into U+FFFD.
     */
    static String charsetHeader(String header) {
        return charset(header) != null ? header : null;
    }
}
