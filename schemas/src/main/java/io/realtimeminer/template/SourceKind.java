package io.realtimeminer.template;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What kind of document a source serves, which decides how its items are extracted. */
public enum SourceKind {
    /** RSS 0.9x/1.0/2.0 or Atom, detected from the content. */
    FEED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<SourceKind> fromWireName(String name) {
        return Arrays.stream(values()).filter(k -> k.wireName().equals(name)).findFirst();
    }
}
