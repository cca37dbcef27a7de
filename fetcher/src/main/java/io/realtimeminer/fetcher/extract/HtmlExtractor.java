package io.realtimeminer.fetcher.extract;

import io.realtimeminer.fetcher.parse.BudgetedSelector;
import io.realtimeminer.fetcher.parse.ParseBudget;
import io.realtimeminer.template.ExtractionRules;
import io.realtimeminer.template.SourceTemplate;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.jsoup.select.Selector;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;

/**
 * Extracts items from an HTML page with the CSS selectors of the template's {@code extract} rules.
 * Jsoup parses any markup, however broken, as a browser would.
 */
public final class HtmlExtractor implements ItemExtractor {

    @Override
    public Extraction read(SourceTemplate template, byte[] body, String contentType, URI baseUrl) throws ExtractionException {
        ExtractionRules rules = template.extract();
        if (rules == null || rules.items() == null) {
            throw new ExtractionException("template '" + template.id() + "' has no extraction rules for html", null);
        }
        Document page = parse(body, contentType, baseUrl);
        Elements matches;
        try {
            matches = BudgetedSelector.select(page, rules.items());
        } catch (Selector.SelectorParseException e) {
            throw new ExtractionException("item selector '" + rules.items() + "': " + e.getMessage(), e);
        }
        Warnings warnings = new Warnings();
        if (matches.isEmpty()) {
            warnings.note("the item selector '" + rules.items() + "' matched nothing");
        } else if (matches.size() > rules.limit()) {
            warnings.note(matches.size() + " items match; only the first " + rules.limit() + " were read (extract.limit)");
        }
        List<ExtractedItem> items = new ArrayList<>();
        for (Element match : matches.subList(0, Math.min(matches.size(), rules.limit()))) {
            ParseBudget.check();
            ExtractedItem item = HtmlFields.read(match, rules.fields()).toItem(rules.fields(), warnings);
            if (item != null) {
                items.add(DetailCompletion.withDetailUrl(template, item));
            }
        }
        return new Extraction(items, warnings.toList());
    }

    /**
     * The page, decoded with the charset of the Content-Type header, else the one the page declares
     * (BOM, meta charset), else UTF-8, or windows-1252 when its bytes are not UTF-8 ({@link UndeclaredEncoding}); relative URLs resolve against {@code baseUrl} and {@code <base href>}.
     */
    public static Document parse(byte[] body, String contentType, URI baseUrl) throws ExtractionException {
        try {
            Charset legacy = UndeclaredEncoding.of(body, contentType);
            String charset = legacy != null ? legacy.name() : ContentType.charset(contentType);
            return Jsoup.parse(new ByteArrayInputStream(body), charset, baseUrl == null ? "" : baseUrl.toString());
        } catch (IOException | RuntimeException e) {
            throw new ExtractionException("not a readable HTML page: " + e.getMessage(), e);
        }
    }
}
