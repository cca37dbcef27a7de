package io.realtimeminer.template;

import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import org.jsoup.select.QueryParser;
import org.jsoup.select.Selector;

import java.util.Optional;

/**
 * Checks selectors with the very parsers the extractors run them with, so that a template that
 * passes here cannot fail later on a selector's syntax.
 */
public final class SelectorSyntax {

    private SelectorSyntax() {
    }

    /** Why {@code selector} is not a CSS selector Jsoup accepts; empty when it is one. */
    public static Optional<String> cssProblem(String selector) {
        try {
            QueryParser.parse(selector);
        } catch (Selector.SelectorParseException | IllegalArgumentException e) {
            return Optional.of("not a valid CSS selector: " + e.getMessage());
        }
        for (SelectorRegexes.CssRegex found : SelectorRegexes.css(selector)) {
            Optional<String> risk = RegexRisk.problem(found.regex());
            if (risk.isPresent()) {
                return Optional.of("regex '" + found.regex() + "' in '" + selector.substring(found.start(), found.end()) + "': " + risk.get());
            }
        }
        return Optional.empty();
    }

    /**
     * Why {@code path} is not a JsonPath; empty when it is one. A path that starts with neither
     * {@code $} nor {@code @} is relative to the item ({@code title} means {@code $.title}).
     */
    public static Optional<String> jsonPathProblem(String path) {
        try {
            JsonPath.compile(path);
        } catch (InvalidPathException | IllegalArgumentException e) {
            return Optional.of("not a valid JsonPath: " + e.getMessage());
        }
        for (String regex : SelectorRegexes.jsonPath(path)) {
            Optional<String> risk = RegexRisk.problem(regex);
            if (risk.isPresent()) {
                return Optional.of("regex /" + regex + "/: " + risk.get());
            }
        }
        return Optional.empty();
    }
}
