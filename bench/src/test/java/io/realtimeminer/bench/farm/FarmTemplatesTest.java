package io.realtimeminer.bench.farm;

import io.realtimeminer.template.ExtractionRules;
import io.realtimeminer.template.FieldRule;
import io.realtimeminer.template.SourceKind;
import io.realtimeminer.template.SourceTemplate;
import io.realtimeminer.template.TemplateParser;
import org.junit.jupiter.api.Test;

import java.io.StringWriter;
import java.net.URI;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class FarmTemplatesTest {

    private final FarmLayout layout = new FarmLayout(FarmSettings.defaults().withSources(8).withHosts(3), 8090);
    private final FarmTemplates templates = new FarmTemplates(layout);
    private final TemplateParser parser = new TemplateParser(Duration.ofSeconds(5));

    @Test
    void everyGeneratedTemplateIsAcceptedByTheParser() throws Exception {
        for (int n = 0; n < layout.sources(); n++) {
            SourceTemplate template = templates.parse(n, parser);

            assertThat(template.id()).isEqualTo("farm-" + n);
            assertThat(template.kind()).isEqualTo(layout.kind(n));
            assertThat(template.url()).isEqualTo(layout.url(n));
            assertThat(template.interval()).isEqualTo(Duration.ofSeconds(60));
            assertThat(template.tags()).containsExactly("farm", layout.kind(n).wireName());
        }
    }

    @Test
    void sourcesTakeEveryKindInTurnOnTheirOwnHost() {
        assertThat(layout.kind(0)).isEqualTo(SourceKind.FEED);
        assertThat(layout.kind(1)).isEqualTo(SourceKind.HTML);
        assertThat(layout.kind(2)).isEqualTo(SourceKind.JSON);
        assertThat(layout.kind(3)).isEqualTo(SourceKind.HACKERNEWS);
        assertThat(layout.atom(0)).isFalse();
        assertThat(layout.atom(4)).isTrue();
        assertThat(layout.url(3)).isEqualTo(URI.create("http://127.1.0.1:8090/hn/3/v0/newstories.json"));
        assertThat(layout.url(4)).isEqualTo(URI.create("http://127.1.0.2:8090/feed/4"));
    }

    @Test
    void htmlAndJsonTemplatesCarryTheRulesOfTheFarmPages() throws Exception {
        ExtractionRules html = templates.parse(1, parser).extract();
        assertThat(html.items()).isEqualTo("article");
        assertThat(html.fields()).containsEntry("link", new FieldRule("h2 a", "href", null))
                .containsEntry("published", new FieldRule("time", "datetime", null))
                .containsEntry("id", new FieldRule("article", "data-id", null))
                .containsKeys("title", "author", "summary");

        ExtractionRules json = templates.parse(2, parser).extract();
        assertThat(json.items()).isEqualTo("$.data.items[*]");
        assertThat(json.fields()).containsEntry("link", new FieldRule("$.url", null, null)).containsKeys("id", "title", "published");

        assertThat(templates.parse(3, parser).extract().limit()).isEqualTo(layout.settings().keepLatest());
        assertThat(templates.parse(0, parser).extract()).isNull();
    }

    @Test
    void theTsvDumpHasOneKeyedLinePerSource() {
        StringWriter out = new StringWriter();
        templates.writeTsv(out);

        assertThat(out.toString().lines()).hasSize(8).first().asString().startsWith("farm-0\t{\"name\":");
    }
}
