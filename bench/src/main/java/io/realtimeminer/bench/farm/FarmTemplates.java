package io.realtimeminer.bench.farm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.realtimeminer.template.InvalidTemplateException;
import io.realtimeminer.template.SourceKind;
import io.realtimeminer.template.SourceTemplate;
import io.realtimeminer.template.TemplateParser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Duration;

/**
 * Writes, for each farm source, the template a user would write for it: the URL, kind and
 * interval, and for html and json sources the selectors and JsonPaths that match the farm's pages.
 */
public final class FarmTemplates {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final FarmLayout layout;

    public FarmTemplates(FarmLayout layout) {
        this.layout = layout;
    }

    public static String sourceId(int n) {
        return FarmLayout.sourceId(n);
    }

    /** The template JSON of source {@code n}, as it would be written to the templates topic under key {@link #sourceId}. */
    public String json(int n) {
        return node(n).toString();
    }

    /** The template of source {@code n} as a tree, for a run that polls it another way (its own pool, a freshness target). */
    public ObjectNode node(int n) {
        SourceKind kind = layout.kind(n);
        ObjectNode template = JSON.createObjectNode()
                .put("name", "Farm " + kind.wireName() + (layout.atom(n) ? " (atom)" : "") + " source " + n)
                .put("url", layout.url(n).toString())
                .put("kind", kind.wireName())
                .put("interval", iso(layout.settings().interval()));
        template.putArray("tags").add("farm").add(kind.wireName());
        switch (kind) {
            case HTML -> {
                ObjectNode extract = template.putObject("extract").put("items", "article");
                ObjectNode fields = extract.putObject("fields")
                        .put("title", "h2 a")
                        .put("link", "h2 a@href");
                fields.putObject("published").put("select", "time").put("attr", "datetime");
                fields.put("author", ".author").put("summary", "p.summary");
                fields.putObject("id").put("select", "article").put("attr", "data-id");
            }
            case JSON -> template.putObject("extract").put("items", "$.data.items[*]").putObject("fields")
                    .put("id", "$.id").put("title", "$.title").put("link", "$.url").put("published", "$.published")
                    .put("author", "$.author").put("summary", "$.summary");
            case HACKERNEWS -> template.putObject("extract").put("limit", layout.settings().keepLatest());
            case FEED -> {
            }
        }
        return template;
    }

    /** Source {@code n}'s template as the fetchers get it: its JSON through the parser. */
    public SourceTemplate parse(int n, TemplateParser parser) throws InvalidTemplateException {
        return parser.parse(sourceId(n), json(n));
    }

    /** Writes one {@code key<TAB>json} line per source, the input the console producer takes with {@code parse.key=true}. */
    public void writeTsv(Writer out) {
        try {
            for (int n = 0; n < layout.sources(); n++) {
                out.write(sourceId(n));
                out.write('\t');
                out.write(json(n));
                out.write('\n');
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String iso(Duration interval) {
        return interval.toMillis() % 1000 == 0 ? "PT" + interval.toSeconds() + "S" : interval.toString();
    }
}
