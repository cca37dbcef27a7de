package io.realtimeminer.fetcher.extract;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.realtimeminer.template.SourceTemplate;
import io.realtimeminer.template.TemplateParser;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every HTML page of the shared corpus, read with a template made of the CSS selectors its
 * manifest row gives, yields the manifest's item count, first title and first link.
 */
class HtmlExtractorCorpusTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HtmlExtractor extractor = new HtmlExtractor();

    @TestFactory
    Stream<DynamicTest> extractsEveryHtmlPageOfTheCorpus() {
        if (Corpus.ifMissing() != null) {
            return Corpus.ifMissing();
        }
        List<Corpus.Document> pages = Corpus.documents("html");
        assertThat(pages).isNotEmpty();
        return pages.stream().map(doc -> DynamicTest.dynamicTest(doc.file(), () -> {
            SourceTemplate template = new TemplateParser().parse("corpus", templateJson(doc));

            Extraction extraction = extractor.read(template, doc.bytes(), "text/html", doc.url());

            assertThat(extraction.items()).hasSize(doc.itemCount());
            assertThat(extraction.warnings()).isEmpty();
            assertThat(extraction.items().get(0).title()).isEqualTo(doc.expectedTitle());
            assertThat(extraction.items().get(0).url()).isEqualTo(doc.expectedLink());
            assertThat(extraction.items()).allSatisfy(item -> assertThat(item.identity()).isNotBlank());
        }));
    }

    /** The template a user would write from the manifest's selectors ({@code (item)} is the item itself). */
    static String templateJson(Corpus.Document doc) {
        Map<String, String> selectors = new LinkedHashMap<>();
        for (String part : doc.selectors().split(";\\s*")) {
            String[] pair = part.split("=", 2);
            if (!pair[1].trim().equals("n/a")) {
                selectors.put(pair[0].trim(), pair[1].trim().replace("(item)", ""));
            }
        }
        ObjectNode template = JSON.createObjectNode().put("url", doc.url().toString()).put("kind", "html");
        ObjectNode extract = template.putObject("extract").put("items", selectors.remove("item")).put("limit", 1000);
        ObjectNode fields = extract.putObject("fields");
        selectors.forEach(fields::put);
        return template.toString();
    }
}
