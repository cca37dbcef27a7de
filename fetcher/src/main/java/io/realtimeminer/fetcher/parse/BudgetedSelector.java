package io.realtimeminer.fetcher.parse;

import io.realtimeminer.template.SelectorRegexes;
import io.realtimeminer.template.SelectorRegexes.CssRegex;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * CSS selection whose regexes run under the document's {@link ParseBudget}. Jsoup runs the regex
 * of {@code :matches(...)} (and its kin, and {@code [attr~=regex]}) with java.util.regex over a
 * String, which nothing can stop. Here each such test is evaluated first, over a text that stops
 * being readable when the budget runs out, and the elements it accepts get a marker attribute;
 * Jsoup then runs the selector with each test replaced by a test of its marker, and the markers
 * are removed. Selectors without a regex go to Jsoup as they are.
 */
public final class BudgetedSelector {

    private static final String MARKER = "data-miner-re-";
    /** How often the budget is checked while elements are tested. */
    private static final int CHECK_EVERY = 64;

    private BudgetedSelector() {
    }

    /** The elements of {@code scope} (itself included) that {@code query} selects. */
    public static Elements select(Element scope, String query) {
        List<CssRegex> regexes = SelectorRegexes.css(query);
        if (regexes.isEmpty()) {
            return scope.select(query);
        }
        Marked marked = mark(scope, query, regexes);
        try {
            return scope.select(marked.query());
        } finally {
            unmark(scope, marked.names());
        }
    }

    /** The first element {@code query} selects in {@code scope}, or null. */
    public static Element selectFirst(Element scope, String query) {
        if (SelectorRegexes.css(query).isEmpty()) {
            return scope.selectFirst(query);
        }
        Elements all = select(scope, query);
        return all.isEmpty() ? null : all.first();
    }

    private record Marked(String query, String[] names) {
    }

    private static Marked mark(Element scope, String query, List<CssRegex> regexes) {
        // A marker name the page cannot know beforehand, so it cannot mark its own elements.
        String prefix = MARKER + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE) + "-";
        String[] names = new String[regexes.size()];
        StringBuilder rewritten = new StringBuilder();
        int from = 0;
        for (int i = 0; i < regexes.size(); i++) {
            CssRegex regex = regexes.get(i);
            names[i] = prefix + i;
            rewritten.append(query, from, regex.start()).append('[').append(names[i]).append(']');
            from = regex.end();
        }
        rewritten.append(query.substring(from));
        Elements candidates = scope.getAllElements();
        for (int i = 0; i < regexes.size(); i++) {
            test(candidates, regexes.get(i), names[i]);
        }
        return new Marked(rewritten.toString(), names);
    }

    private static void test(Elements candidates, CssRegex regex, String marker) {
        Pattern pattern = Pattern.compile(regex.regex());
        String attribute = regex.attribute() == null ? null : regex.attribute().trim().toLowerCase(Locale.ROOT);
        int tested = 0;
        for (Element element : candidates) {
            if (++tested % CHECK_EVERY == 0) {
                ParseBudget.check();
            }
            String value = switch (regex.target()) {
                case TEXT -> element.text();
                case OWN_TEXT -> element.ownText();
                case WHOLE_TEXT -> element.wholeText();
                case WHOLE_OWN_TEXT -> element.wholeOwnText();
                case ATTRIBUTE -> element.hasAttr(attribute) ? element.attr(attribute) : null;
            };
            if (value != null && pattern.matcher(ParseBudget.bounded(value)).find()) {
                element.attr(marker, "");
            }
        }
    }

    private static void unmark(Element scope, String[] names) {
        for (Element element : scope.getAllElements()) {
            for (String name : names) {
                element.removeAttr(name);
            }
        }
    }
}
