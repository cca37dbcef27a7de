package io.realtimeminer.fetcher.extract;

import io.realtimeminer.fetcher.parse.BudgetedSelector;
import io.realtimeminer.template.FieldRule;
import org.jsoup.nodes.Element;

import java.net.URI;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads field rules on an HTML element: the text of the selected element, or one of its
 * attributes, with links made absolute against the page URL and its {@code <base href>}.
 */
final class HtmlFields {

    /** Attributes whose value is a URL (plus the lazy-loading variants pages use for them). */
    private static final Set<String> URL_ATTRIBUTES =
            Set.of("href", "src", "action", "cite", "poster", "data-src", "data-href", "data-url");

    private HtmlFields() {
    }

    static FieldValues read(Element scope, Map<String, FieldRule> rules) {
        Map<String, String> values = new HashMap<>();
        rules.forEach((field, rule) -> {
            String value = read(scope, field, rule);
            if (value != null) {
                values.put(field, value);
            }
        });
        return new FieldValues(values);
    }

    /** The value of one field; null when the selector matches nothing or the value is blank. */
    static String read(Element scope, String field, FieldRule rule) {
        Element target = rule.select().isEmpty() ? scope : BudgetedSelector.selectFirst(scope, rule.select());
        if (target == null) {
            return null;
        }
        if (rule.attr() != null) {
            boolean url = field.equals(FieldRule.LINK) || URL_ATTRIBUTES.contains(rule.attr().toLowerCase(Locale.ROOT));
            return url ? absolute(target, rule.attr()) : Text.collapse(target.attr(rule.attr()));
        }
        if (field.equals(FieldRule.LINK) && target.hasAttr("href")) {
            // "link": "h2 a" means the anchor's target, not its words.
            return absolute(target, "href");
        }
        if (field.equals(FieldRule.PUBLISHED) && target.hasAttr("datetime")) {
            // <time> shows "3 hours ago" to people and the machine-readable time in datetime.
            return Text.collapse(target.attr("datetime"));
        }
        if (field.equals(FieldRule.LINK)) {
            return resolve(target, Text.collapse(target.text()));
        }
        return Text.collapse(target.text());
    }

    /** The attribute as an absolute URL; as written when it cannot be resolved (a page read without its URL). */
    private static String absolute(Element element, String attr) {
        String absolute = element.absUrl(attr);
        return absolute.isEmpty() ? Text.collapse(element.attr(attr)) : absolute;
    }

    private static String resolve(Element element, String link) {
        try {
            return Text.absolute(element.baseUri().isEmpty() ? null : URI.create(element.baseUri()), link);
        } catch (IllegalArgumentException e) {
            return link;
        }
    }
}
