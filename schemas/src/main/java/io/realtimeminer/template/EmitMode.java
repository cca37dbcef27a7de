package io.realtimeminer.template;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Which items of a source are sent on. */
public enum EmitMode {
    /** Only items never seen before. */
    NEW,
    /** Also a known item again when its content (title, link, summary, ...) changed. */
    CHANGES;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<EmitMode> fromWireName(String name) {
        return Arrays.stream(values()).filter(m -> m.wireName().equals(name)).findFirst();
    }
}
