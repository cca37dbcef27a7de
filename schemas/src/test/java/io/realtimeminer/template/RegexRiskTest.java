package io.realtimeminer.template;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class RegexRiskTest {

    @ParameterizedTest
    @ValueSource(strings = {"^(a{1,30}){1,30}$", "(a+)+b", "(a*)*", "((ab)*c)+", "(.*a){20}", "(x+x+)+y", "(a|a)*", "(a|ab)+c",
            "(\\w|\\d)+", "(.|\\s)*", "(a|)+", "(\\d+\\.)+$"})
    void refusesPatternsThatCanBacktrackCatastrophically(String regex) {
        assertThat(RegexRisk.problem(regex)).as(regex).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"breaking", "^Live:", "(?i)news|sport", "\\d{4}-\\d{2}", "(news|sport)+", "[a-z]+ (update|live)",
            "(ab)+", "(\\(x\\))?", "[(]a+[)]+", "(a{1})+", "(?:foo)?bar*", "\\Q(a+)+\\E"})
    void acceptsOrdinaryPatterns(String regex) {
        assertThat(RegexRisk.problem(regex)).as(regex).isEmpty();
    }

    @Test
    void refusesBackreferencesInvalidAndOverlongPatterns() {
        assertThat(RegexRisk.problem("(a)\\1")).get().asString().contains("backreferences");
        assertThat(RegexRisk.problem("(unclosed")).get().asString().startsWith("not a valid regex");
        assertThat(RegexRisk.problem("a".repeat(RegexRisk.MAX_LENGTH + 1))).get().asString().contains("longer than");
    }

    @Test
    void findsTheRegexesOfCssSelectorsAndJsonPaths() {
        assertThat(SelectorRegexes.css("div.item:matchesOwn(^\\d+ (new|old)) > a[href~=^https?:], p:matches((a)b)"))
                .extracting(SelectorRegexes.CssRegex::target, SelectorRegexes.CssRegex::regex, SelectorRegexes.CssRegex::attribute)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(SelectorRegexes.Target.OWN_TEXT, "^\\d+ (new|old)", null),
                        org.assertj.core.groups.Tuple.tuple(SelectorRegexes.Target.ATTRIBUTE, "^https?:", "href"),
                        org.assertj.core.groups.Tuple.tuple(SelectorRegexes.Target.TEXT, "(a)b", null));
        assertThat(SelectorRegexes.jsonPath("$.items[?(@.title =~ /^(a+)+$/i && @.x =~/b\\/c/)]")).containsExactly("^(a+)+$", "b\\/c");
    }

    @Test
    void theTemplateParserRefusesACatastrophicSelectorRegexWithItsPath() {
        assertThat(SelectorSyntax.cssProblem("li:matches(^(a{1,30}){1,30}$)")).get().asString()
                .startsWith("regex '^(a{1,30}){1,30}$' in ':matches(^(a{1,30}){1,30}$)': a repeated group contains a repetition");
        assertThat(SelectorSyntax.jsonPathProblem("$.items[?(@.title =~ /(a|ab)*c/)]")).get().asString()
                .startsWith("regex /(a|ab)*c/: a repeated group has alternatives");
        assertThat(SelectorSyntax.cssProblem("li:matches(breaking)")).isEmpty();
    }
}
