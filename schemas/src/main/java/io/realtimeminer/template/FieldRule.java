package io.realtimeminer.template;

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
}
