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
     * The header without a charset parameter Java does not know ({@code charset=x-unknown}), so that
     * a parser that would fail on it detects the encoding from the document instead, as documented.
     */
    static String withoutUnknownCharset(String header) {
        if (header == null || charset(header) != null || !header.toLowerCase(Locale.ROOT).contains("charset")) {
            return header;
        }
        StringBuilder kept = new StringBuilder();
        for (String parameter : header.split(";")) {
            if (!parameter.trim().toLowerCase(Locale.ROOT).startsWith("charset")) {
                kept.append(kept.length() == 0 ? "" : "; ").append(parameter.trim());
            }
        }
        return kept.toString();
    }
}
