package io.realtimeminer.template;

import org.junit.jupiter.api.Test;

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
}
