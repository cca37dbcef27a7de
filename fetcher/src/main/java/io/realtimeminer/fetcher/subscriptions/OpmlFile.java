package io.realtimeminer.fetcher.subscriptions;

import com.rometools.opml.feed.opml.Attribute;
import com.rometools.opml.feed.opml.Opml;
import com.rometools.opml.feed.opml.Outline;
import com.rometools.rome.feed.WireFeed;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.WireFeedInput;
import com.rometools.rome.io.WireFeedOutput;
import org.xml.sax.InputSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Subscription lists as OPML (1.0, 1.1 and 2.0, as feed readers export them), read and written
 * with ROME's OPML module. Nested outlines without a URL are folders; a subscription's folders
 * become its tags.
 */
public final class OpmlFile {

    private OpmlFile() {
    }

    /** The subscriptions of an OPML document, in document order. */
    public static List<Subscription> read(byte[] opml) throws UnreadableListException {
        WireFeed feed;
        try {
            WireFeedInput input = new WireFeedInput(false, java.util.Locale.ROOT);
            input.setXmlHealerOn(true);
            feed = input.build(new InputSource(new ByteArrayInputStream(opml)));
        } catch (FeedException | IllegalArgumentException e) {
            throw new UnreadableListException("not an OPML document: " + firstLine(e.getMessage()));
        }
        if (!(feed instanceof Opml document)) {
            throw new UnreadableListException("not an OPML document but a " + feed.getFeedType() + " feed: import takes a"
                    + " subscription list (OPML), e.g. a feed reader's export");
        }
        List<Subscription> found = new ArrayList<>();
        collect(document.getOutlines(), List.of(), found);
        return found;
    }

    private static void collect(List<Outline> outlines, List<String> folders, List<Subscription> found) {
        for (Outline outline : outlines) {
            String xmlUrl = first(outline.getXmlUrl(), outline.getUrl(), attribute(outline, "xmlurl"));
            String htmlUrl = first(outline.getHtmlUrl(), attribute(outline, "htmlurl"));
            String title = first(outline.getTitle(), outline.getText());
            if (xmlUrl != null || htmlUrl != null && outline.getChildren().isEmpty()) {
                found.add(new Subscription(title, xmlUrl, htmlUrl, withCategories(folders, outline.getCategories())));
            }
            if (!outline.getChildren().isEmpty()) {
                List<String> nested = new ArrayList<>(folders);
                if (title != null && !title.isBlank()) {
                    nested.add(title.strip());
                }
                collect(outline.getChildren(), nested, found);
            }
        }
    }

    /** The folders, then the outline's own categories ("/Tech/News" gives Tech and News), each once. */
    private static List<String> withCategories(List<String> folders, List<String> categories) {
        List<String> all = new ArrayList<>(folders);
        for (String category : categories) {
            for (String part : category.split("[/,]")) {
                String name = part.strip();
                if (!name.isEmpty() && !all.contains(name)) {
                    all.add(name);
                }
            }
        }
        return all;
    }

    /** An attribute whatever the case of its name (some exporters write xmlURL or XMLUrl). */
    private static String attribute(Outline outline, String lowerCaseName) {
        for (Attribute attribute : outline.getAttributes()) {
            if (attribute.getName().equalsIgnoreCase(lowerCaseName)) {
                return attribute.getValue();
            }
        }
        return null;
    }

    private static String first(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }

    /**
     * An OPML 2.0 document of these subscriptions, each nested in its first folder (the others
     * written as its {@code category}).
     */
    public static String write(String title, List<Subscription> subscriptions) {
        Opml document = new Opml();
        document.setFeedType("opml_2.0");
        document.setTitle(title);
        document.setCreated(new Date());
        Map<String, Outline> folders = new LinkedHashMap<>();
        List<Outline> top = new ArrayList<>();
        for (Subscription subscription : subscriptions) {
            Outline outline = new Outline();
            outline.setType("rss");
            outline.setText(subscription.title());
            outline.setTitle(subscription.title());
            List<Attribute> attributes = new ArrayList<>(outline.getAttributes());
            attributes.add(new Attribute("xmlUrl", subscription.url()));
            if (subscription.htmlUrl() != null) {
                attributes.add(new Attribute("htmlUrl", subscription.htmlUrl()));
            }
            outline.setAttributes(attributes);
            if (subscription.folders().size() > 1) {
                outline.setCategories(subscription.folders().subList(1, subscription.folders().size()));
            }
            if (subscription.folders().isEmpty()) {
                top.add(outline);
            } else {
                folders.computeIfAbsent(subscription.folders().get(0), name -> {
                    Outline folder = new Outline();
                    folder.setText(name);
                    folder.setTitle(name);
                    top.add(folder);
                    return folder;
                }).getChildren().add(outline);
            }
        }
        document.setOutlines(top);
        try {
            return new WireFeedOutput().outputString(document, true);
        } catch (FeedException e) {
            throw new IllegalStateException("the subscription list could not be written as OPML", e);
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /** Thrown for a document that is no subscription list; the message says what it is instead. */
    public static final class UnreadableListException extends IOException {
        public UnreadableListException(String message) {
            super(message);
        }
    }
}
