package io.realtimeminer.template;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What kind of document a source serves, which decides how its items are extracted. */
public enum SourceKind {
    /** RSS 0.9x/1.0/2.0, Atom or JSON Feed, detected from the content. */
    FEED,
    /** An HTML list page read with CSS selectors. */
    HTML,
    /** A JSON API read with JsonPath. */
    JSON,
    /** The Hacker News API: a list of story ids, then each new story's JSON. */
    HACKERNEWS;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<SourceKind> fromWireName(String name) {
        return Arrays.stream(values()).filter(k -> k.wireName().equals(name)).findFirst();
    }
}
