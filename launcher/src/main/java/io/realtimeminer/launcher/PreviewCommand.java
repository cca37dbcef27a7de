package io.realtimeminer.launcher;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.realtimeminer.avro.RawItem;
import io.realtimeminer.fetcher.FetcherConfig;
import io.realtimeminer.fetcher.schedule.PollResult;
import io.realtimeminer.fetcher.schedule.SourcePreview;
import io.realtimeminer.template.InvalidTemplateException;
import io.realtimeminer.template.SourceTemplate;
import io.realtimeminer.template.TemplateParser;
import io.realtimeminer.template.TemplateViolation;
import io.realtimeminer.text.Printable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;

/**
 * {@code miner preview}: what a template would find, without Kafka. It polls the source once
 * exactly as a fetcher does (the same fetch engine with its User-Agent, address guard, limits and
 * redirects, the same extraction, items listed twice left out, detail documents fetched) and
 * prints the items a fetcher would send, with the warnings. Fetcher settings apply as {@code -D}
 * options (e.g. {@code -D http.allow.private.addresses=true} for a local site).
 */
@Command(name = "preview", mixinStandardHelpOptions = true,
        description = {"Validate a source template, poll its URL once as a fetcher would (or read --file) and print the items it"
                + " would send.", "Exit status: 0 items printed, 1 the source could not be fetched or read, 2 the template is invalid."})
final class PreviewCommand implements Callable<Integer> {

    static final int INVALID_TEMPLATE = 2;
    static final int SOURCE_FAILED = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameters(index = "0", paramLabel = "TEMPLATE.json", description = "The template, as it would be put on the templates topic.")
    Path templateFile;

    @Option(names = "--file", paramLabel = "PAGE",
            description = "Read this saved document instead of fetching the template's URL (its detail documents are not fetched).")
    Path page;

    @Option(names = "--key", paramLabel = "ID", description = "The source id (record key); default: the template's id, else the file name.")
    String key;

    @Option(names = {"-D", "--set"}, description = "A fetcher setting, as key=value (see docs/configuration.md). Repeatable.")
    Map<String, String> settings = new HashMap<>();

    @Option(names = "--json", description = "Print every item in full, one JSON object per line, instead of the table.")
    boolean json;

    @Option(names = "--wide", description = "Do not cut long values in the table.")
    boolean wide;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        FetcherConfig config = new FetcherConfig(new HashMap<>(settings));
        String templateJson;
        try {
            templateJson = Files.readString(templateFile, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            return fail(out, "Template file " + templateFile + " is not UTF-8 text: save it as UTF-8 (JSON is UTF-8)", INVALID_TEMPLATE);
        } catch (NoSuchFileException e) {
            return fail(out, "Template file " + templateFile + " does not exist", INVALID_TEMPLATE);
        }
        String sourceId = key != null ? key : TemplateParser.declaredId(templateJson).orElse(fileStem(templateFile));
        SourceTemplate template;
        try {
            template = config.templateParser().parse(sourceId, templateJson);
        } catch (InvalidTemplateException e) {
            out.println("Template " + Printable.of(sourceId) + " is invalid (" + e.violations().size() + " problems):");
            for (TemplateViolation violation : e.violations()) {
                out.println("  " + Printable.of(violation.toString()));
            }
            out.flush();
            return INVALID_TEMPLATE;
        }
        byte[] saved = null;
        if (page != null) {
            try {
                saved = Files.readAllBytes(page);
            } catch (NoSuchFileException e) {
                return fail(out, "Cannot read " + page + ": no such file (--file names a saved copy of the source's document)", SOURCE_FAILED);
            }
        }
        if (!json) {
            out.println("Template " + Printable.of(sourceId) + " (" + template.kind().wireName() + "): " + template.url());
        }
        SourcePreview.Result preview;
        try {
            preview = TemplatePreviews.run(config, template, saved);
        } catch (TimeoutException e) {
            return fail(out, "Cannot read " + template.url() + ": no answer within " + TemplatePreviews.wait(config).toSeconds() + " s",
                    SOURCE_FAILED);
        }
        if (preview.poll().outcome() == PollResult.Outcome.FAILED) {
            return fail(out, "Cannot read " + (page != null ? page : template.url()) + ": " + preview.poll().error(), SOURCE_FAILED);
        }
        if (json) {
            for (RawItem item : preview.items()) {
                out.println(json(item));
            }
        } else {
            out.println(preview.items().size() + (preview.items().size() == 1 ? " item" : " items"));
            ItemTable.print(preview.items(), out, wide);
        }
        preview.warnings().forEach(warning -> out.println("Warning: " + Printable.of(warning)));
        out.flush();
        return 0;
    }

    private static int fail(PrintWriter out, String message, int status) {
        out.println(Printable.of(message));
        out.flush();
        return status;
    }

    /** The item in full, as a fetcher would send it (its id, the template's id and what its document says). */
    private static String json(RawItem item) throws JsonProcessingException {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("item_id", item.getItemId());
        fields.put("source_item_id", item.getSourceItemId());
        fields.put("url", item.getUrl());
        fields.put("title", item.getTitle());
        fields.put("summary", item.getSummary());
        fields.put("author", item.getAuthor());
        fields.put("published_at", item.getPublishedAt() == null ? null : item.getPublishedAt().toString());
        fields.put("detail_fields", item.getDetailFields());
        return JSON.writeValueAsString(fields);
    }

    private static String fileStem(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
