package io.realtimeminer.fetcher.extract;

import org.jsoup.Jsoup;

import java.net.URI;

/** Normalisation shared by the extractors: markup to plain text, links to absolute URLs. */
final class Text {

    private Text() {
    }

    /** Plain text of a value that may hold markup or entities; null for blank values. */
    static String plain(String value) {
        if (value == null) {
            return null;
        }
        String text = value.indexOf('<') >= 0 || value.indexOf('&') >= 0 ? Jsoup.parse(value).text() : value;
        text = text.replace('\u00a0', ' ').strip().replaceAll("\\s+", " ");
        return text.isEmpty() ? null : text;
    }

    /** The link resolved against {@code base}; the link as given when it cannot be resolved. */
    static String absolute(URI base, String link) {
        if (link == null || link.isBlank()) {
            return null;
        }
        String trimmed = link.strip();
        try {
            return base == null ? trimmed : base.resolve(trimmed.replace(" ", "%20")).toString();
        } catch (IllegalArgumentException e) {
            return trimmed;
        }
    }
}
