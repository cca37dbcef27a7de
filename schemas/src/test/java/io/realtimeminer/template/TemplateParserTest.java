package io.realtimeminer.template;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class TemplateParserTest {

    private final TemplateParser parser = new TemplateParser(Duration.ofSeconds(5));

    @Test
    void parsesAFullFeedTemplate() throws Exception {
        SourceTemplate t = parser.parse("bbc", """
                {"id":"bbc","name":"BBC News","url":"https://feeds.bbci.co.uk/news/rss.xml","kind":"feed",
                 "interval":"PT30S","active":true,"tags":["news","uk","news"],"headers":{"Accept-Language":"en"}}""");

        assertThat(t.id()).isEqualTo("bbc");
        assertThat(t.name()).isEqualTo("BBC News");
        assertThat(t.url()).isEqualTo(URI.create("https://feeds.bbci.co.uk/news/rss.xml"));
        assertThat(t.kind()).isEqualTo(SourceKind.FEED);
        assertThat(t.interval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(t.active()).isTrue();
        assertThat(t.tags()).containsExactly("news", "uk");
        assertThat(t.headers()).containsEntry("Accept-Language", "en");
    }

    @Test
    void defaultsNameIntervalActiveAndTags() throws Exception {
        SourceTemplate t = parser.parse("s1", "{\"url\":\"http://example.org/feed\",\"kind\":\"feed\"}");

        assertThat(t.name()).isEqualTo("s1");
        assertThat(t.interval()).isEqualTo(TemplateParser.DEFAULT_INTERVAL);
        assertThat(t.active()).isTrue();
        assertThat(t.tags()).isEmpty();
    }

    @Test
    void acceptsIntervalInSeconds() throws Exception {
        assertThat(parser.parse("s", "{\"url\":\"http://h/f\",\"kind\":\"feed\",\"interval\":7.5}").interval())
                .isEqualTo(Duration.ofMillis(7500));
    }

    @Test
    void reportsEveryViolationWithItsPath() {
        InvalidTemplateException e = catchThrowableOfType(InvalidTemplateException.class, () -> parser.parse("s1", """
                {"id":"other","url":"ftp://x/y","kind":"gopher","interval":"soon","tags":["a",3],"colour":"red"}"""));

        assertThat(e.sourceId()).isEqualTo("s1");
        assertThat(e.violations()).extracting(TemplateViolation::path)
                .containsExactlyInAnyOrder("$.colour", "$.id", "$.url", "$.kind", "$.interval", "$.tags[1]");
        assertThat(e.getMessage()).contains("$.url: must be an absolute http or https URL");
    }

    @Test
    void refusesIntervalsBelowTheMinimum() {
        InvalidTemplateException e = catchThrowableOfType(InvalidTemplateException.class,
                () -> parser.parse("s", "{\"url\":\"http://h/f\",\"kind\":\"feed\",\"interval\":\"PT1S\"}"));
        assertThat(e.violations()).containsExactly(new TemplateViolation("$.interval", "PT1S is shorter than the minimum PT5S"));
    }

    @Test
    void refusesMalformedJsonAndNonObjects() {
        assertThatThrownBy(() -> parser.parse("s", "{\"url\": ")).isInstanceOf(InvalidTemplateException.class)
                .hasMessageContaining("$: not valid JSON");
        assertThatThrownBy(() -> parser.parse("s", "[1,2]")).hasMessageContaining("$: must be a JSON object");
        InvalidTemplateException e = catchThrowableOfType(InvalidTemplateException.class, () -> parser.parse("", "{}"));
        assertThat(e.violations()).extracting(TemplateViolation::path).containsAll(List.of("key", "$.url", "$.kind"));
    }

    @Test
    void parsesEveryTopLevelField() throws Exception {
        SourceTemplate t = parser.parse("eu-news", """
                {"id":"eu-news","url":"https://example.org/news","kind":"feed","cron":"*/5 * * * *",
                 "pool":"eu_west-1","emit":"changes","active":false}""");

        assertThat(t.cron().expression()).isEqualTo("*/5 * * * *");
        assertThat(t.pool()).isEqualTo("eu_west-1");
        assertThat(t.emit()).isEqualTo(EmitMode.CHANGES);
        assertThat(t.active()).isFalse();
        assertThat(t.extract()).isNull();
        assertThat(t.detail()).isNull();
    }

    @Test
    void defaultsPoolAndEmitModeAndHasADefaultMinimumInterval() throws Exception {
        SourceTemplate t = new TemplateParser().parse("s", "{\"url\":\"http://h/f\",\"kind\":\"feed\",\"interval\":5}");

        assertThat(t.pool()).isEqualTo(SourceTemplate.DEFAULT_POOL);
        assertThat(t.emit()).isEqualTo(EmitMode.NEW);
        assertThat(t.interval()).isEqualTo(Duration.ofSeconds(5));
        assertThatThrownBy(() -> new TemplateParser().parse("s", "{\"url\":\"http://h/f\",\"kind\":\"feed\",\"interval\":4}"))
                .hasMessageContaining("$.interval: PT4S is shorter than the minimum PT5S");
    }

    @Test
    void acceptsEveryKindByItsWireName() throws Exception {
        assertThat(parser.parse("hn", "{\"url\":\"https://hacker-news.firebaseio.com/v0/newstories.json\",\"kind\":\"hackernews\"}").kind())
                .isEqualTo(SourceKind.HACKERNEWS);
        InvalidTemplateException e = catchThrowableOfType(InvalidTemplateException.class,
                () -> parser.parse("s", "{\"url\":\"http://h/f\",\"kind\":\"rss\"}"));
        assertThat(e.violations()).containsExactly(new TemplateViolation("$.kind", "unknown kind 'rss' (supported: feed, html, json, hackernews)"));
    }

    @Test
    void refusesBadCronPoolEmitAndTypes() {
        InvalidTemplateException e = catchThrowableOfType(InvalidTemplateException.class, () -> parser.parse("s", """
                {"url":"http://h/f","kind":"feed","cron":"61 * * * *","pool":"EU West","emit":"all",
                 "name":7,"active":"yes","headers":{"X-A":1},"tags":"news"}"""));

        assertThat(e.violations()).extracting(TemplateViolation::path)
                .containsExactlyInAnyOrder("$.cron", "$.pool", "$.emit", "$.name", "$.active", "$.headers.X-A", "$.tags");
        assertThat(e.getMessage())
                .contains("$.cron: '61 * * * *' is not a 5-field Unix cron expression")
                .contains("$.pool: 'EU West' is not a pool name")
                .contains("$.emit: must be new or changes");
    }

    @Test
    void aTemplateMayNamePoolsInOrderOfPreference() throws Exception {
        SourceTemplate t = parser.parse("s", "{\"url\":\"http://h/f\",\"kind\":\"feed\",\"pool\":[\"eu\",\"us\"]}");
        assertThat(t.pools()).containsExactly("eu", "us");
        assertThat(t.pool()).isEqualTo("eu");
        assertThat(t.inPool("us")).isTrue();
        assertThat(t.inPool("asia")).isFalse();
        assertThat(parser.parse("s", "{\"url\":\"http://h/f\",\"kind\":\"feed\",\"pool\":\"eu\"}").pools()).containsExactly("eu");

        InvalidTemplateException e = catchThrowableOfType(InvalidTemplateException.class, () -> parser.parse("s",
                "{\"url\":\"http://h/f\",\"kind\":\"feed\",\"pool\":[\"eu\",\"EU\",7,\"eu\"]}"));
        assertThat(e.violations()).containsExactly(
                new TemplateViolation("$.pool[1]", "'EU' is not a pool name (lower-case letters, digits, '_' and '-')"),
                new TemplateViolation("$.pool[2]", "must be a pool name (a non-empty string)"),
                new TemplateViolation("$.pool[3]", "'eu' is named twice"));
        assertThatThrownBy(() -> parser.parse("s", "{\"url\":\"http://h/f\",\"kind\":\"feed\",\"pool\":[]}"))
                .hasMessageContaining("$.pool: must name at least one pool");
    }

    @Test
    void refusesCronExpressionsWithSixFieldsOrThatNeverFire() {
        assertThatThrownBy(() -> parser.parse("s", "{\"url\":\"http://h/f\",\"kind\":\"feed\",\"cron\":\"0 */5 * * * *\"}"))
                .hasMessageContaining("$.cron: '0 */5 * * * *' is not a 5-field Unix cron expression");
        assertThatThrownBy(() -> parser.parse("s", "{\"url\":\"http://h/f\",\"kind\":\"feed\",\"cron\":\"0 0 30 2 *\"}"))
                .hasMessageContaining("$.cron: '0 0 30 2 *' never fires");
    }

    @Test
    void refusesCronExpressionsThatFireMoreOftenThanTheMinimumInterval() throws Exception {
        TemplateParser slow = new TemplateParser(Duration.ofMinutes(10));

        assertThatThrownBy(() -> slow.parse("s", "{\"url\":\"http://h/f\",\"kind\":\"feed\",\"interval\":600,\"cron\":\"0,5 * * * *\"}"))
                .hasMessageContaining("$.cron: '0,5 * * * *' fires every PT5M, more often than the minimum PT10M");
        assertThat(slow.parse("s", "{\"url\":\"http://h/f\",\"kind\":\"feed\",\"interval\":600,\"cron\":\"*/15 * * * *\"}").cron())
                .isEqualTo(CronSchedule.parse("*/15 * * * *"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"P200000D\"", "1e30", "1e308", "-1e308", "\"P32D\"", "2678401", "\"PT9999999999999999H\""})
    void refusesIntervalsBeyondTheMaximumWithoutOverflowing(String interval) {
        assertThatThrownBy(() -> parser.parse("s", "{\"url\":\"http://h/f\",\"kind\":\"feed\",\"interval\":" + interval + "}"))
                .isInstanceOf(InvalidTemplateException.class)
                .satisfies(e -> assertThat(((InvalidTemplateException) e).violations()).extracting(TemplateViolation::path)
                        .containsExactly("$.interval"));
    }

    @Test
    void refusesDuplicateMembersCredentialsInTheUrlAndHeadersThatCouldInjectLines() {
        assertThatThrownBy(() -> parser.parse("s", "{\"url\":\"http://h/f\",\"kind\":\"feed\",\"interval\":60,\"interval\":5}"))
                .hasMessageContaining("$: not valid JSON: Duplicate field 'interval'");
        assertThatThrownBy(() -> parser.parse("s", "{\"url\":\"http://ann:secret@h/f\",\"kind\":\"feed\"}"))
                .hasMessageContaining("$.url: must not hold credentials")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret"));
        assertThatThrownBy(() -> parser.parse("s", "{\"url\":\"http://h/f\",\"kind\":\"feed\",\"headers\":{\"X-A\":\"1\\r\\nHost: evil\",\"Bad Name\":\"x\"}}"))
                .hasMessageContaining("$.headers.X-A: must not contain line breaks")
                .hasMessageContaining("$.headers.Bad Name: is not a header name");
    }

    @Test
    void refusesSourceIdsThatWouldPrintEscapeSequencesOrForgeLogLines() {
        assertThatThrownBy(() -> parser.parse("evil\u001b[2J", "{\"url\":\"http://h/f\",\"kind\":\"feed\"}"))
                .hasMessageContaining("key: the source id must be at most 200 characters without control characters")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\u001b"));
        assertThatThrownBy(() -> parser.parse("a\nINFO forged", "{\"url\":\"http://h/f\",\"kind\":\"feed\"}"))
                .hasMessageContaining("without control characters");
    }

    /** Huge templates are refused at once, with a short message (tags are de-duplicated in linear time besides). */
    @Test
    void boundsTemplateSizeAndListLengthsWithClearErrors() {
        String manyTags = java.util.stream.IntStream.range(0, 100_000).mapToObj(i -> "\"t" + i + "\"")
                .collect(java.util.stream.Collectors.joining(",", "[", "]"));
        assertThatThrownBy(() -> parser.parse("s", "{\"url\":\"http://h/f\",\"kind\":\"feed\",\"tags\":" + manyTags + "}"))
                .hasMessageContaining("characters long; at most 65536 are accepted");
        String tooManyTags = java.util.stream.IntStream.range(0, 101).mapToObj(i -> "\"t" + i + "\"")
                .collect(java.util.stream.Collectors.joining(",", "[", "]"));
        assertThatThrownBy(() -> parser.parse("s", "{\"url\":\"http://h/f\",\"kind\":\"feed\",\"tags\":" + tooManyTags + "}"))
                .hasMessageContaining("$.tags: has 101 tags; at most 100 are accepted");
        String unknown = java.util.stream.IntStream.range(0, 2_000).mapToObj(i -> "\"u" + i + "\":1")
                .collect(java.util.stream.Collectors.joining(","));
        InvalidTemplateException many = org.junit.jupiter.api.Assertions.assertThrows(InvalidTemplateException.class,
                () -> parser.parse("s", "{\"url\":\"http://h/f\",\"kind\":\"feed\"," + unknown + "}"));
        assertThat(many.violations()).hasSize(101).last().isEqualTo(new TemplateViolation("$", "and 1900 more violations"));
    }

    @Test
    void acceptsTheMaximumIntervalItself() throws Exception {
        assertThat(parser.parse("s", "{\"url\":\"http://h/f\",\"kind\":\"feed\",\"interval\":\"P31D\"}").interval())
                .isEqualTo(TemplateParser.MAX_INTERVAL);
    }

    @Test
    void refusesCronExpressionsWithGapsBeyondTheMaximum() {
        assertThatThrownBy(() -> parser.parse("s", "{\"url\":\"http://h/f\",\"kind\":\"feed\",\"cron\":\"0 0 29 2 *\"}"))
                .hasMessageContaining("$.cron: '0 0 29 2 *' leaves")
                .hasMessageContaining("longer than the maximum PT744H");
        assertThatThrownBy(() -> parser.parse("s", "{\"url\":\"http://h/f\",\"kind\":\"feed\",\"cron\":\"0 0 1 1 *\"}"))
                .hasMessageContaining("longer than the maximum");
    }

    @Test
    void pageDetailsAreWantedUnlessTheTemplateSaysFalse() throws Exception {
        assertThat(parser.parse("a", "{\"url\":\"http://h/f\",\"kind\":\"feed\"}").pageDetails()).isTrue();
        assertThat(parser.parse("a", "{\"url\":\"http://h/f\",\"kind\":\"feed\",\"page_details\":false}").pageDetails()).isFalse();
        InvalidTemplateException e = catchThrowableOfType(InvalidTemplateException.class,
                () -> parser.parse("a", "{\"url\":\"http://h/f\",\"kind\":\"feed\",\"page_details\":\"no\"}"));
        assertThat(e.violations()).containsExactly(new TemplateViolation("$.page_details", "must be true or false"));
    }

    @Test
    void readsTheDeclaredIdOfATemplateFile() {
        assertThat(TemplateParser.declaredId("{\"id\":\" hn \",\"url\":\"x\"}")).contains("hn");
        assertThat(TemplateParser.declaredId("{\"url\":\"x\"}")).isEmpty();
        assertThat(TemplateParser.declaredId("not json")).isEmpty();
    }
}
