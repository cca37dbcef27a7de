package io.realtimeminer.template;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The {@code extract}, {@code fields} and {@code detail} members of templates, through {@link TemplateParser}. */
class ExtractionRulesParserTest {

    private final TemplateParser parser = new TemplateParser(Duration.ofSeconds(5));

    @Test
    void parsesAnHtmlTemplateWithShorthandAndFullFieldRules() throws Exception {
        SourceTemplate t = parser.parse("example-news", """
                {"url":"https://example.org/news","kind":"html",
                 "extract":{"items":"article.post","limit":20,"fields":{
                    "id":"@data-id",
                    "title":"h2 a",
                    "link":"h2 a@href",
                    "author":"a[href^='mailto:a@b']",
                    "published":{"select":"time","attr":"datetime","format":"yyyy-MM-dd'T'HH:mm:ssXXX"}}}}""");

        ExtractionRules rules = t.extract();
        assertThat(rules.items()).isEqualTo("article.post");
        assertThat(rules.limit()).isEqualTo(20);
        assertThat(rules.fields()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "id", new FieldRule("", "data-id", null),
                "title", new FieldRule("h2 a", null, null),
                "link", new FieldRule("h2 a", "href", null),
                "author", new FieldRule("a[href^='mailto:a@b']", null, null),
                "published", new FieldRule("time", "datetime", "yyyy-MM-dd'T'HH:mm:ssXXX")));
    }

    @Test
    void parsesAJsonTemplateWhoseAtSignsBelongToThePath() throws Exception {
        SourceTemplate t = parser.parse("reddit", """
                {"url":"https://www.reddit.com/r/java/new.json","kind":"json",
                 "extract":{"items":"$.data.children[?(@.kind == 't3')].data","fields":{"title":"title","link":"$.url","published":"created_utc"}}}""");

        assertThat(t.extract().items()).isEqualTo("$.data.children[?(@.kind == 't3')].data");
        assertThat(t.extract().limit()).isEqualTo(ExtractionRules.DEFAULT_LIMIT);
        assertThat(t.extract().fields()).containsEntry("link", FieldRule.of("$.url")).containsEntry("title", FieldRule.of("title"));
    }

    @Test
    void requiresExtractionRulesForHtmlAndJson() {
        for (String kind : List.of("html", "json")) {
            InvalidTemplateException e = catchThrowableOfType(InvalidTemplateException.class,
                    () -> parser.parse("s", "{\"url\":\"http://h/p\",\"kind\":\"" + kind + "\"}"));
            assertThat(e.violations()).containsExactly(new TemplateViolation("$.extract", "is required for " + kind + " sources (items and fields)"));
        }
    }

    @Test
    void takesNothingButALimitForFeedsAndHackerNews() throws Exception {
        InvalidTemplateException feed = catchThrowableOfType(InvalidTemplateException.class, () -> parser.parse("s", """
                {"url":"http://h/f","kind":"feed","extract":{"items":"item"}}"""));
        assertThat(feed.violations()).extracting(TemplateViolation::path).containsExactly("$.extract.items");
        assertThat(ExtractionRules.limitOf(parser.parse("s", "{\"url\":\"http://h/f\",\"kind\":\"feed\",\"extract\":{\"limit\":500}}")
                .extract())).isEqualTo(500);

        InvalidTemplateException hn = catchThrowableOfType(InvalidTemplateException.class, () -> parser.parse("s", """
                {"url":"https://h/v0/newstories.json","kind":"hackernews","extract":{"items":"$[*]","limit":30}}"""));
        assertThat(hn.violations()).extracting(TemplateViolation::path).containsExactly("$.extract.items");

        SourceTemplate limited = parser.parse("s", "{\"url\":\"https://h/v0/newstories.json\",\"kind\":\"hackernews\",\"extract\":{\"limit\":30}}");
        assertThat(ExtractionRules.limitOf(limited.extract())).isEqualTo(30);
        SourceTemplate unlimited = parser.parse("s", "{\"url\":\"https://h/v0/newstories.json\",\"kind\":\"hackernews\"}");
        assertThat(ExtractionRules.limitOf(unlimited.extract())).isEqualTo(ExtractionRules.DEFAULT_LIMIT);
    }

    @Test
    void reportsEveryViolationInsideExtractAtOnce() {
        InvalidTemplateException e = catchThrowableOfType(InvalidTemplateException.class, () -> parser.parse("s", """
                {"url":"http://h/p","kind":"html","extract":{"items":"div[","limit":1001,"colour":1,"fields":{
                    "summary":"p",
                    "titel":"h2",
                    "author":{"select":"span..by","attr":"data id","style":"x"},
                    "published":{"select":"time","format":"yyyy-MM-dd'T'HH:mm:ss{"},
                    "id":{"select":"a","format":"yyyy"}}}}"""));

        assertThat(e.violations()).extracting(TemplateViolation::path).containsExactlyInAnyOrder(
                "$.extract.items", "$.extract.limit", "$.extract.colour",
                "$.extract.fields.titel", "$.extract.fields.author.select", "$.extract.fields.author.attr",
                "$.extract.fields.author.style", "$.extract.fields.published.format", "$.extract.fields.id.format",
                "$.extract.fields");
        assertThat(e.violations()).contains(
                new TemplateViolation("$.extract.limit", "must be a whole number from 1 to 1000"),
                new TemplateViolation("$.extract.fields.id.format", "only the published field takes a date format"),
                new TemplateViolation("$.extract.fields", "needs a title or a link"));
        assertThat(e.getMessage())
                .contains("$.extract.items: not a valid CSS selector")
                .contains("$.extract.fields.titel: unknown field (known: author, id, link, published, summary, title)")
                .contains("$.extract.fields.published.format: not a date format");
    }

    @Test
    void refusesBadJsonPathsAndAttributesOnJsonFields() {
        InvalidTemplateException e = catchThrowableOfType(InvalidTemplateException.class, () -> parser.parse("s", """
                {"url":"http://h/api","kind":"json","extract":{"items":"$.data[x]","fields":{
                    "title":"$..",
                    "summary":42,
                    "link":{"select":"url","attr":"href"},
                    "author":{"attr":"x"}}}}"""));

        assertThat(e.violations()).extracting(TemplateViolation::path).containsExactlyInAnyOrder(
                "$.extract.items", "$.extract.fields.title", "$.extract.fields.summary", "$.extract.fields.link.attr",
                "$.extract.fields.author.select", "$.extract.fields.author.attr");
        assertThat(e.getMessage()).contains("$.extract.items: not a valid JsonPath")
                .contains("$.extract.fields.link.attr: only html fields read attributes")
                .contains("$.extract.fields.summary: must be a selector string or an object with select, attr and format")
                .contains("$.extract.fields.author.select: needs a JsonPath ($ is the item itself)");
    }

    @Test
    void requiresItemsAndFieldsObjects() {
        InvalidTemplateException e = catchThrowableOfType(InvalidTemplateException.class,
                () -> parser.parse("s", "{\"url\":\"http://h/p\",\"kind\":\"html\",\"extract\":{}}"));
        assertThat(e.violations()).containsExactlyInAnyOrder(
                new TemplateViolation("$.extract.items", "is required"),
                new TemplateViolation("$.extract.fields", "is required (at least a title or a link)"));

        InvalidTemplateException notObjects = catchThrowableOfType(InvalidTemplateException.class,
                () -> parser.parse("s", "{\"url\":\"http://h/p\",\"kind\":\"html\",\"extract\":{\"items\":\"li\",\"fields\":[\"a\"]},\"detail\":\"x\"}"));
        assertThat(notObjects.violations()).containsExactlyInAnyOrder(
                new TemplateViolation("$.extract.fields", "must be an object"),
                new TemplateViolation("$.detail", "must be an object"));
    }

    @Test
    void parsesADetailStepInItsOwnDocumentKind() throws Exception {
        SourceTemplate t = parser.parse("s", """
                {"url":"http://h/p","kind":"html","extract":{"items":"li","fields":{"link":"a@href"}},
                 "detail":{"kind":"json","url":"https://api.h/items/{id}.json?from={link}","fields":{"title":"$.headline","summary":"body"}}}""");

        DetailStep detail = t.detail();
        assertThat(detail.kind()).isEqualTo(SourceKind.JSON);
        assertThat(detail.fields()).containsEntry("title", FieldRule.of("$.headline")).containsEntry("summary", FieldRule.of("body"));
        assertThat(detail.urlFor("https://h/a", "a b/c")).isEqualTo("https://api.h/items/a%20b%2Fc.json?from=https://h/a");
        assertThat(detail.urlFor("https://h/a", null)).isNull();
        assertThat(new DetailStep(SourceKind.HTML, null, Map.of()).urlFor("https://h/a", "1")).isEqualTo("https://h/a");
    }

    @Test
    void reportsEveryViolationOfADetailStep() {
        InvalidTemplateException e = catchThrowableOfType(InvalidTemplateException.class, () -> parser.parse("s", """
                {"url":"http://h/p","kind":"json","extract":{"items":"$[*]","fields":{"title":"t"}},
                 "detail":{"kind":"pdf","url":"ftp://h/{slug}","fields":{},"wait":1}}"""));

        assertThat(e.violations()).containsExactlyInAnyOrder(
                new TemplateViolation("$.detail.kind", "must be html or json"),
                new TemplateViolation("$.detail.url", "unknown placeholder {slug} (known: {link}, {id})"),
                new TemplateViolation("$.detail.fields", "needs at least one field to read from the detail page"),
                new TemplateViolation("$.detail.wait", "unknown field (known: fields, kind, url)"));

        InvalidTemplateException scheme = catchThrowableOfType(InvalidTemplateException.class, () -> parser.parse("s", """
                {"url":"http://h/p","kind":"feed","detail":{"kind":"html","url":"ftp://h/{id}","fields":{"summary":"div..x"}}}"""));
        assertThat(scheme.violations()).extracting(TemplateViolation::path).containsExactlyInAnyOrder("$.detail.url", "$.detail.fields.summary");
    }

    @Test
    void aDetailStepMayNameFieldsOfItsOwnButOnlyItsExtractRulesMayNot() throws Exception {
        SourceTemplate t = parser.parse("api", """
                {"url":"https://api.h/list.json","kind":"json","extract":{"items":"$[*]","fields":{"link":"url"}},
                 "detail":{"kind":"json","url":"/item/{id}.json","fields":{"title":"title","score":"$.score","comment_count":"kids.length()"}}}""");
        assertThat(t.detail().fields()).containsOnlyKeys("title", "score", "comment_count");

        InvalidTemplateException e = catchThrowableOfType(InvalidTemplateException.class, () -> parser.parse("api", """
                {"url":"https://api.h/list.json","kind":"json","extract":{"items":"$[*]","fields":{"link":"url","score":"score"}},
                 "detail":{"kind":"json","fields":{"Score":"score","points":{"select":"p","format":"yyyy"}}}}"""));
        assertThat(e.violations()).extracting(TemplateViolation::path).containsExactlyInAnyOrder(
                "$.extract.fields.score", "$.detail.fields.Score", "$.detail.fields.points.format");
    }

    @Test
    void aDetailStepNamesTwentyFieldsOfItsOwnAtMost() {
        StringBuilder fields = new StringBuilder("\"title\":\"t\"");
        for (int i = 0; i <= FieldRule.MAX_EXTRA; i++) {
            fields.append(",\"f").append(i).append("\":\"f").append(i).append('"');
        }
        InvalidTemplateException e = catchThrowableOfType(InvalidTemplateException.class, () -> parser.parse("api",
                "{\"url\":\"https://h/l\",\"kind\":\"feed\",\"detail\":{\"kind\":\"json\",\"fields\":{" + fields + "}}}"));
        assertThat(e.violations()).containsExactly(new TemplateViolation("$.detail.fields", "names more than 20 fields of its own"));
    }

    @Test
    void refusesADetailStepOnHackerNewsSources() {
        InvalidTemplateException e = catchThrowableOfType(InvalidTemplateException.class, () -> parser.parse("s", """
                {"url":"https://h/v0/topstories.json","kind":"hackernews","detail":{"kind":"json","fields":{"title":"title"}}}"""));
        assertThat(e.violations()).containsExactly(new TemplateViolation("$.detail", "hackernews sources fetch each item's JSON already"));
    }
}
