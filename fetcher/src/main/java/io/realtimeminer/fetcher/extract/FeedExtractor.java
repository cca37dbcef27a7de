package io.realtimeminer.fetcher.extract;

import com.rometools.rome.feed.atom.Entry;
import com.rometools.rome.feed.rss.Item;
import com.rometools.rome.feed.synd.SyndContent;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.SyndFeedInput;
import com.rometools.rome.io.WireFeedInput;
import com.rometools.rome.io.XmlReader;
import com.rometools.rome.io.impl.XmlFixerReader;
import io.realtimeminer.fetcher.adaptive.ServerHints;
import io.realtimeminer.fetcher.parse.ParseBudget;
import io.realtimeminer.template.ExtractionRules;
import io.realtimeminer.template.SourceTemplate;
import org.jdom2.Document;
import org.jdom2.JDOMException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.Charset;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Extracts items from RSS 0.9x/1.0/2.0 and Atom documents with ROME, and from JSON Feed; the format
 * is detected from the content. Relative links are resolved against the document URL and xml:base.
 */
public final class FeedExtractor implements ItemExtractor {

    @Override
    public Extraction read(SourceTemplate template, byte[] body, String contentType, URI baseUrl)
            throws ExtractionException {
        Extraction extraction = newest(JsonFeedReader.isJson(body) ? JsonFeedReader.read(body, baseUrl) : readXml(body, contentType, baseUrl),
                ExtractionRules.limitOf(template.extract()));
        if (template.detail() == null) {
            return extraction;
        }
        return extraction.withItems(extraction.items().stream().map(item -> DetailCompletion.withDetailUrl(template, item)).toList());
    }

    /**
     * At most {@code limit} items: the newest by date (undated ones after them, in document order),
     * kept in document order. A feed listing 100,000 items would otherwise send most of them again
     * at every poll, beyond what the source remembers; and not every feed lists the newest first.
     */
    static Extraction newest(Extraction extraction, int limit) {
        List<ExtractedItem> items = extraction.items();
        if (items.size() <= limit) {
            return extraction;
        }
        Comparator<ExtractedItem> newestFirst = Comparator.comparing(ExtractedItem::publishedAt, Comparator.nullsLast(Comparator.reverseOrder()));
        Set<ExtractedItem> kept = Collections.newSetFromMap(new IdentityHashMap<>());
        kept.addAll(items.stream().sorted(newestFirst).limit(limit).toList());
        List<String> warnings = new ArrayList<>(extraction.warnings());
        warnings.add(items.size() + " items listed; only the newest " + limit + " were read (extract.limit)");
        return new Extraction(items.stream().filter(kept::contains).toList(), warnings, extraction.hints());
    }

    private static Extraction readXml(byte[] body, String contentType, URI baseUrl) throws ExtractionException {
        Document document;
        SyndFeed feed;
        ServerHints hints;
        Charset legacy = UndeclaredEncoding.of(body, contentType);
        try (Reader reader = legacy != null ? new InputStreamReader(new ByteArrayInputStream(body), legacy)
                : new XmlReader(new ByteArrayInputStream(body), ContentType.charsetHeader(contentType), true)) {
            document = new FeedDocumentInput().parse(reader);
            hints = FeedHints.takeFrom(document);
            SyndFeedInput input = new SyndFeedInput();
            // The wire entries tell an item's own id (guid, Atom id) apart from a link ROME copied into its uri.
            input.setPreserveWireFeed(true);
            feed = input.build(document);
        } catch (FeedException | JDOMException | IOException | IllegalArgumentException e) {
            throw new ExtractionException("not a readable RSS, Atom or JSON feed: " + e.getMessage(), e);
        }
        List<SyndEntry> entries = feed.getEntries();
        List<URI> bases = XmlBase.ofEntries(document, baseUrl, entries.size());
        List<String> datesAsWritten = FeedDates.asWritten(document, entries.size());
        List<ExtractedItem> items = new ArrayList<>(entries.size());
        Warnings warnings = new Warnings();
        for (int i = 0; i < entries.size(); i++) {
            ParseBudget.check();
            ExtractedItem item = toItem(entries.get(i), bases.get(i), datesAsWritten.get(i), warnings);
            if (item.identity() == null) {
                warnings.count(FieldValues.SKIPPED);
            } else {
                items.add(item);
            }
        }
        return new Extraction(keepDistinguishingFragments(items), warnings.toList(), hints.and(FeedHints.of(feed)));
    }

    /**
     * Items without an id of their own are known by their canonical link, which drops a #fragment
     * (the same page written two ways is one item). But a feed whose posts are fragments of one page
     * ({@code 26.html#a080605}, {@code 26.html#a091233}) would lose all but one: where links differ
     * only by their fragment within the document, the fragment stays part of the id.
     */
    private static List<ExtractedItem> keepDistinguishingFragments(List<ExtractedItem> items) {
        Map<String, Set<String>> linksByCanonical = new HashMap<>();
        for (ExtractedItem item : items) {
            if (item.url() != null && CanonicalLink.of(item.url()).equals(item.sourceItemId())) {
                linksByCanonical.computeIfAbsent(item.sourceItemId(), id -> new HashSet<>()).add(item.url());
            }
        }
        if (linksByCanonical.values().stream().noneMatch(links -> links.size() > 1)) {
            return items;
        }
        List<ExtractedItem> kept = new ArrayList<>(items.size());
        for (ExtractedItem item : items) {
            Set<String> links = item.sourceItemId() == null ? null : linksByCanonical.get(item.sourceItemId());
            kept.add(links != null && links.size() > 1 ? item.withSourceItemId(CanonicalLink.withFragment(item.url())) : item);
        }
        return kept;
    }

    private static ExtractedItem toItem(SyndEntry entry, URI base, String dateAsWritten, Warnings warnings) {
        String ownId = ownId(entry);
        String link = Text.absolute(base, entry.getLink());
        if (link == null) {
            // RSS 2.0: a guid not marked isPermaLink="false" is the item's permalink.
            link = Text.absolute(base, ownId);
        }
        return new ExtractedItem(
                ownId != null ? ownId : CanonicalLink.of(link),
                link,
                Text.plain(entry.getTitle()),
                Text.plain(summary(entry)),
                Text.plain(entry.getAuthor()),
                published(entry, dateAsWritten, warnings));
    }

    /** ROME's date, else the one as written read by {@link PublishedDates} (other languages, day-first forms), else a warning. */
    private static Instant published(SyndEntry entry, String dateAsWritten, Warnings warnings) {
        Date date = entry.getPublishedDate() != null ? entry.getPublishedDate() : entry.getUpdatedDate();
        if (date != null) {
            return date.toInstant();
        }
        if (dateAsWritten == null) {
            return null;
        }
        return PublishedDates.parse(dateAsWritten, null).orElseGet(() -> {
            warnings.count("published value{s} not readable as dates", dateAsWritten);
            return null;
        });
    }

    /** The entry's own id (guid, Atom id); ROME falls back to the raw link when there is none, which is no id. */
    /**
     * The item's identity as the feed writes it, whole (a fragment included): the RSS guid, the Atom
     * id; null when it has none.
     */
    private static String ownId(SyndEntry entry) {
        Object wire = entry.getWireEntry();
        if (wire instanceof Item item) {
            // Only the guid: ROME fills an RSS item's uri from its link (or rdf:about), which is no id of its own.
            String guid = item.getGuid() == null ? null : blankToNull(item.getGuid().getValue());
            return guid == null ? null : guid.strip();
        }
        if (wire instanceof Entry atom) {
            String id = blankToNull(atom.getId());
            return id == null ? null : id.strip();
        }
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

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /**
     * ROME's own parser set-up (no external entities or DTDs fetched, broken entities healed), with
     * the XML tree kept so that xml:base can be read from it. DOCTYPEs are allowed: RSS 0.91 feeds
     * declare Netscape's DTD, and ROME's resolver never loads it.
     */
    private static final class FeedDocumentInput extends WireFeedInput {

        FeedDocumentInput() {
            setAllowDoctypes(true);
        }

        Document parse(Reader reader) throws JDOMException, IOException {
            return createSAXBuilder().build(new XmlFixerReader(reader));
        }
    }
}
