package io.realtimeminer.template;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Where one field of an item is found.
 *
 * @param select a CSS selector relative to the item element (html) or a JsonPath relative to the
 *               item (json); empty selects the item itself
 * @param attr   for html: the attribute to read instead of the element's text (nullable); an
 *               attribute holding a URL is resolved to an absolute URL
 * @param format for dates: a {@link java.time.format.DateTimeFormatter} pattern (nullable: ISO-8601,
 *               RFC 1123 and epoch seconds/millis are recognised)
 */
public record FieldRule(String select, String attr, String format) {

    public static final String ID = "id";
    public static final String TITLE = "title";
    public static final String LINK = "link";
    public static final String PUBLISHED = "published";
    public static final String AUTHOR = "author";
    public static final String SUMMARY = "summary";
    /** The item fields a template may name, in the order they are shown. */
    public static final List<String> NAMES = List.of(ID, TITLE, LINK, PUBLISHED, AUTHOR, SUMMARY);
    /**
     * Names a {@code detail} step may give fields of its own besides {@link #NAMES} (e.g. a score):
     * they are carried as the item's detail fields, not into the item's own.
     */
    public static final Pattern EXTRA_NAME = Pattern.compile("[a-z][a-z0-9_]{0,39}");
    /** Extra fields one detail step may name at most. */
    public static final int MAX_EXTRA = 20;

    public FieldRule {
        select = select == null ? "" : select;
    }

    /** A rule reading the text (html) or value (json) of {@code select}. */
    public static FieldRule of(String select) {
        return new FieldRule(select, null, null);
    }
}
