package io.realtimeminer.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Finds the regular expressions inside selectors, which the selector libraries run with
 * java.util.regex and no time limit: in CSS the {@code :matches}, {@code :matchesOwn},
 * {@code :matchesWholeText} and {@code :matchesWholeOwnText} pseudo-classes and {@code [attr~=regex]}
 * attribute tests (Jsoup), in JsonPath the {@code =~ /regex/flags} filter operator. The template
 * parser judges each ({@link RegexRisk}); the fetcher evaluates the CSS ones itself, under the
 * document's time budget.
 */
public final class SelectorRegexes {

    /** What a CSS regex tests. */
    public enum Target {
        /** {@code :matches}: the element's text with its descendants'. */
        TEXT(":matches("),
        /** {@code :matchesOwn}: the element's own text. */
        OWN_TEXT(":matchesown("),
        /** {@code :matchesWholeText}: the text with its white space as written. */
        WHOLE_TEXT(":matcheswholetext("),
        /** {@code :matchesWholeOwnText}. */
        WHOLE_OWN_TEXT(":matcheswholeowntext("),
        /** {@code [name~=regex]}: an attribute's value. */
        ATTRIBUTE("[");

        final String opening;

        Target(String opening) {
            this.opening = opening;
        }
    }

    /**
     * One regex in a CSS selector: {@code selector.substring(start, end)} is the whole pseudo-class or
     * attribute test that holds it.
     *
     * @param attribute the attribute's name for {@link Target#ATTRIBUTE}, else null
     */
    public record CssRegex(Target target, String regex, String attribute, int start, int end) {
    }

    private SelectorRegexes() {
    }

    /** The regexes of a CSS selector, in order; empty when it has none. */
    public static List<CssRegex> css(String selector) {
        List<CssRegex> found = new ArrayList<>();
        String lower = selector.toLowerCase(Locale.ROOT);
        int i = 0;
        while (i < selector.length()) {
            char c = selector.charAt(i);
            if (c == '\\') {
                i += 2;
                continue;
            }
            if (c == '[') {
                int end = balancedEnd(selector, i, '[', ']');
                String test = selector.substring(i + 1, Math.max(i + 1, end - 1));
                int operator = test.indexOf("~=");
                if (operator > 0) {
                    found.add(new CssRegex(Target.ATTRIBUTE, test.substring(operator + 2).trim(), test.substring(0, operator).trim(), i, end));
                }
                i = end;
                continue;
            }
            if (c == ':') {
                Target target = pseudo(lower, i);
                if (target != null) {
                    int open = i + target.opening.length() - 1;
                    int end = balancedEnd(selector, open, '(', ')');
                    found.add(new CssRegex(target, selector.substring(open + 1, Math.max(open + 1, end - 1)), null, i, end));
                    i = end;
                    continue;
                }
            }
            i++;
        }
        return found;
    }

    private static Target pseudo(String lower, int at) {
        // Longest first: ":matches(" must not take ":matchesOwn(".
        for (Target target : List.of(Target.WHOLE_OWN_TEXT, Target.WHOLE_TEXT, Target.OWN_TEXT, Target.TEXT)) {
            if (lower.startsWith(target.opening, at)) {
                return target;
            }
        }
        return null;
    }

    /**
     * The index after the bracket that closes the one at {@code open}, as Jsoup's balanced chomp
     * reads it: escaped characters and quoted text do not count; the end of the text if unclosed.
     */
    private static int balancedEnd(String s, int open, char opening, char closing) {
        int depth = 0;
        char quote = 0;
        for (int i = open; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
            } else if (quote != 0) {
                quote = c == quote ? 0 : quote;
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == opening) {
                depth++;
            } else if (c == closing && --depth == 0) {
                return i + 1;
            }
        }
        return s.length();
    }

    /** The regexes of a JsonPath's {@code =~ /regex/flags} filters, in order; empty when it has none. */
    public static List<String> jsonPath(String path) {
        List<String> found = new ArrayList<>();
        int at = path.indexOf("=~");
        while (at >= 0) {
            int i = at + 2;
            while (i < path.length() && Character.isWhitespace(path.charAt(i))) {
                i++;
            }
            if (i < path.length() && path.charAt(i) == '/') {
                StringBuilder regex = new StringBuilder();
                int j = i + 1;
                for (; j < path.length() && path.charAt(j) != '/'; j++) {
                    if (path.charAt(j) == '\\' && j + 1 < path.length()) {
                        regex.append(path.charAt(j++));
                    }
                    regex.append(path.charAt(j));
                }
                found.add(regex.toString());
                i = j;
            }
            at = path.indexOf("=~", i);
        }
        return found;
    }
}
