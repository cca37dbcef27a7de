package io.realtimeminer.fetcher.schedule;

import io.realtimeminer.fetcher.extract.ExtractedItem;
import io.realtimeminer.fetcher.extract.Extraction;
import io.realtimeminer.fetcher.extract.ExtractionException;
import io.realtimeminer.fetcher.extract.ItemExtractor;
import io.realtimeminer.template.SourceTemplate;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A list document of lines "id|title|detail-url|published" (detail URL, possibly empty, and the
 * published instant optional); a detail document is
 * "title:NEW TITLE" (with further lines "name:value" as the item's detail fields), "dead" (the item
 * is gone) or anything else (unreadable).
 */
final class LineListExtractor implements ItemExtractor {

    private final AtomicInteger completions = new AtomicInteger();

    @Override
    public Extraction read(SourceTemplate template, byte[] body, String contentType, URI baseUrl) {
        List<ExtractedItem> items = new ArrayList<>();
        for (String line : new String(body, StandardCharsets.UTF_8).split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] parts = line.split("\\|");
            items.add(new ExtractedItem(parts[0], "https://example.org/" + parts[0], parts[1], null, null,
                    parts.length > 3 ? Instant.parse(parts[3]) : null, parts.length > 2 && !parts[2].isEmpty() ? parts[2] : null));
        }
        return Extraction.of(items);
    }

    @Override
    public ExtractedItem complete(SourceTemplate template, ExtractedItem item, byte[] body, String contentType, URI url)
            throws ExtractionException {
        completions.incrementAndGet();
        String text = new String(body, StandardCharsets.UTF_8);
        if (text.equals("dead")) {
            return null;
        }
        if (!text.startsWith("title:")) {
            throw new ExtractionException("not a detail document", null);
        }
        String[] lines = text.split("\n");
        Map<String, String> fields = new HashMap<>();
        for (int i = 1; i < lines.length; i++) {
            String[] field = lines[i].split(":", 2);
            fields.put(field[0], field[1]);
        }
        return new ExtractedItem(item.sourceItemId(), item.url(), lines[0].substring("title:".length()), "from detail", item.author(),
                item.publishedAt(), item.detailUrl(), fields);
    }

    int completions() {
        return completions.get();
    }
}
