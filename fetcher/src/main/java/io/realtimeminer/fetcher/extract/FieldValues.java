package io.realtimeminer.fetcher.extract;

import io.realtimeminer.template.FieldRule;

import java.time.Instant;
import java.util.Map;

/**
 * The values read for one item's fields (plain text, the link already absolute), before they
 * become an {@link ExtractedItem}: the one place where html and json items get their id, their
 * date and the rule for skipping them.
 */
record FieldValues(Map<String, String> values) {

    static final String SKIPPED = "item{s} without title, link or id skipped";

    String get(String field) {
        return values.get(field);
    }

    /**
     * The item, or null (counted in {@code warnings}) when it has neither title, link nor id: such a
     * match is layout (a spacer row, an ad slot), not an item.
     */
    ExtractedItem toItem(Map<String, FieldRule> rules, Warnings warnings) {
        String id = get(FieldRule.ID);
        String title = get(FieldRule.TITLE);
        String link = get(FieldRule.LINK);
        if (id == null && title == null && link == null) {
            warnings.count(SKIPPED);
            return null;
        }
        return new ExtractedItem(id != null ? id : CanonicalLink.of(link), link, title, get(FieldRule.SUMMARY),
                get(FieldRule.AUTHOR), published(rules.get(FieldRule.PUBLISHED), warnings));
    }

    /** The publication time, null (counted in {@code warnings}) when the value is not a date. */
    Instant published(FieldRule rule, Warnings warnings) {
        String text = get(FieldRule.PUBLISHED);
        if (text == null || rule == null) {
            return null;
        }
        Instant published = PublishedDates.parse(text, rule.format()).orElse(null);
        if (published == null) {
            warnings.count(rule.format() == null ? "published value{s} not readable as dates"
                    : "published value{s} not in the format '" + rule.format() + "'", text);
        }
        return published;
    }
}
