package io.realtimeminer.fetcher.extract;

import com.rometools.rome.feed.synd.SyndContent;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.SyndFeedInput;
import com.rometools.rome.io.XmlReader;
import io.realtimeminer.template.SourceTemplate;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/** Extracts items from RSS 0.9x/1.0/2.0 and Atom documents with ROME; the format is detected from the content. */
public final class FeedExtractor implements ItemExtractor {

    @Override
    public List<ExtractedItem> extract(SourceTemplate template, byte[] body, String contentType, URI baseUrl)
            throws ExtractionException {
        SyndFeed feed;
        try (XmlReader reader = new XmlReader(new ByteArrayInputStream(body), contentType, true)) {
            SyndFeedInput input = new SyndFeedInput();
            input.setAllowDoctypes(false);
            feed = input.build(reader);
        } catch (FeedException | IOException | IllegalArgumentException e) {
            throw new ExtractionException("not a readable RSS or Atom feed: " + e.getMessage(), e);
        }
        List<ExtractedItem> items = new ArrayList<>(feed.getEntries().size());
        for (SyndEntry entry : feed.getEntries()) {
            String link = Text.absolute(baseUrl, entry.getLink());
            items.add(new ExtractedItem(
                    ownId(entry),
                    link == null ? Text.absolute(baseUrl, ownId(entry)) : link,
                    Text.plain(entry.getTitle()),
                    Text.plain(summary(entry)),
                    Text.plain(entry.getAuthor()),
                    toInstant(entry.getPublishedDate() != null ? entry.getPublishedDate() : entry.getUpdatedDate())));
        }
        return items;
    }

    /** The entry's own id (guid, Atom id); ROME falls back to the raw link when there is none, which is no id. */
    private static String ownId(SyndEntry entry) {
        String uri = blankToNull(entry.getUri());
        return uri == null || uri.equals(blankToNull(entry.getLink())) ? null : uri;
    }

    private static String summary(SyndEntry entry) {
        SyndContent description = entry.getDescription();
        if (description != null && description.getValue() != null) {
            return description.getValue();
        }
        return entry.getContents().isEmpty() ? null : entry.getContents().get(0).getValue();
    }

    private static java.time.Instant toInstant(Date date) {
        return date == null ? null : date.toInstant();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
