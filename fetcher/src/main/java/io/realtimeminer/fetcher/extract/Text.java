package io.realtimeminer.fetcher.extract;

import org.jsoup.Jsoup;

import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.util.regex.Pattern;

/** Normalisation shared by the extractors: markup to plain text, links to absolute URLs. */
public final class Text {

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private Text() {
    }

    /** Plain text of a value that may hold markup or entities; null for blank values. */
    public static String plain(String value) {
        if (value == null) {
            return null;
        }
        return collapse(value.indexOf('<') >= 0 || value.indexOf('&') >= 0 ? Jsoup.parse(value).text() : value);
    }

    /** The text with runs of whitespace (no-break spaces too) as one space, trimmed; null for blank values. */
    public static String collapse(String value) {
        if (value == null) {
            return null;
        }
        String text = WHITESPACE.matcher(value.replace('\u00a0', ' ')).replaceAll(" ").strip();
        return text.isEmpty() ? null : text;
    }

    /**
     * The link resolved against {@code base}; the link as given when it cannot be resolved. Links
     * that java.net.URI refuses (a '|' or a raw non-ASCII character, as pages write them) are
     * resolved the lenient way browsers do, through java.net.URL.
     */
    public static String absolute(URI base, String link) {
        if (link == null || link.isBlank()) {
            return null;
        }
        String trimmed = link.strip();
        if (base == null) {
            return trimmed;
        }
        // URI.resolve drops the slash between a path-less base and the link ("http://h" + "a" = "http://ha").
        URI directory = base.isOpaque() || !base.getRawPath().isEmpty() ? base : base.resolve("/");
        try {
            return directory.resolve(trimmed.replace(" ", "%20")).toString();
        } catch (IllegalArgumentException e) {
            try {
                return new URL(directory.toURL(), trimmed).toExternalForm();
            } catch (MalformedURLException | IllegalArgumentException notAUrl) {
                return trimmed;
            }
        }
    }
}
