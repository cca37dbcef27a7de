package io.realtimeminer.launcher;

import io.realtimeminer.fetcher.extract.ExtractedItem;
import io.realtimeminer.fetcher.extract.Extraction;
import io.realtimeminer.fetcher.extract.ExtractionException;
import io.realtimeminer.fetcher.extract.Extractors;
import io.realtimeminer.fetcher.extract.ItemExtractor;
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

import java.io.IOException;
import java.io.PrintWriter;
import java.net.http.HttpClient;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code miner preview}: what a template would find, without Kafka: validates it, fetches its
 * source once (or reads a saved page) and prints the items and the extraction's warnings.
 */
@Command(name = "preview", mixinStandardHelpOptions = true,
        description = {"Validate a source template, fetch its URL once (or read --file) and print the items it yields.",
                "Exit status: 0 items printed, 1 the source could not be fetched or read, 2 the template is invalid."})
final class PreviewCommand implements Callable<Integer> {

    static final int INVALID_TEMPLATE = 2;
    static final int SOURCE_FAILED = 1;

    @Parameters(index = "0", paramLabel = "TEMPLATE.json", description = "The template, as it would be put on the templates topic.")
    Path templateFile;

    @Option(names = "--file", paramLabel = "PAGE",
            description = "Read this saved document instead of fetching the template's URL (hackernews: the id list only).")
    Path page;

    @Option(names = "--key", paramLabel = "ID", description = "The source id (record key); default: the template's id, else the file name.")
    String key;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        String json;
        try {
            json = Files.readString(templateFile, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            out.println("Template file " + templateFile + " is not UTF-8 text: save it as UTF-8 (JSON is UTF-8)");
            out.flush();
            return INVALID_TEMPLATE;
        }
        String sourceId = key != null ? key : TemplateParser.declaredId(json).orElse(fileStem(templateFile));
        SourceTemplate template;
        try {
            template = new TemplateParser().parse(sourceId, json);
        } catch (InvalidTemplateException e) {
            out.println("Template " + Printable.of(sourceId) + " is invalid (" + e.violations().size() + " problems):");
            for (TemplateViolation violation : e.violations()) {
                out.println("  " + Printable.of(violation.toString()));
            }
            out.flush();
            return INVALID_TEMPLATE;
        }
        out.println("Template " + Printable.of(sourceId) + " (" + template.kind().wireName() + "): " + template.url());
        ItemExtractor extractor = Extractors.byKind().get(template.kind());
        HttpClient client = SourcePage.newClient();
        List<String> warnings = new ArrayList<>();
        List<ExtractedItem> items;
        try {
            SourcePage source = page != null ? SourcePage.ofFile(page, template.url()) : SourcePage.fetch(client, template.url(), template.headers());
            Extraction extraction = extractor.read(template, source.body(), source.contentType(), source.url());
            warnings.addAll(extraction.warnings());
            items = page != null ? extraction.items() : completeDetails(template, extractor, extraction.items(), client, warnings);
        } catch (IOException | ExtractionException e) {
            out.println("Cannot read " + (page != null ? page : template.url()) + ": " + Printable.of(e.getMessage()));
            out.flush();
            return SOURCE_FAILED;
        }
        if (page != null && items.stream().anyMatch(item -> item.detailUrl() != null)) {
            warnings.add("detail documents are not fetched with --file: items show what the list gives");
        }
        out.println(items.size() + (items.size() == 1 ? " item" : " items"));
        ItemTable.print(items, out);
        warnings.forEach(warning -> out.println("Warning: " + Printable.of(warning)));
        out.flush();
        return 0;
    }

    private static List<ExtractedItem> completeDetails(SourceTemplate template, ItemExtractor extractor, List<ExtractedItem> listed,
                                                       HttpClient client, List<String> warnings) throws InterruptedException {
        if (listed.stream().noneMatch(item -> item.detailUrl() != null)) {
            return listed;
        }
        DetailPages.Result details = DetailPages.complete(template, extractor, listed, client);
        if (details.dropped() > 0) {
            warnings.add(details.dropped() == 1 ? "1 item dropped: its detail document says it is deleted or dead"
                    : details.dropped() + " items dropped: their detail documents say they are deleted or dead");
        }
        if (!details.failures().isEmpty()) {
            warnings.add(details.failures().size() + " detail document(s) could not be read, e.g. " + details.failures().get(0));
        }
        return details.items();
    }

    private static String fileStem(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
