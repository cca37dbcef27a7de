package io.realtimeminer.fetcher.extract;

import org.jdom2.Document;
import org.jdom2.Element;
import org.jdom2.filter.Filters;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * The publication date of each feed entry as written, for the entries whose date ROME could not
 * read (it knows English RFC 822 and ISO-8601 only): "Lun, 26 Jun 2017 10:00:00 +0200" or
 * "26/06/2017 10:00" is then read by {@link PublishedDates}, or reported, never silently empty.
 */
final class FeedDates {

    /** RSS pubDate, Dublin Core date, Atom published/updated (and Atom 0.3 issued/modified), in that order. */
    private static final List<String> NAMES = List.of("pubDate", "date", "published", "issued", "updated", "modified");
    private static final Set<String> ENTRIES = Set.of("item", "entry");

    private FeedDates() {
    }

    /** One date text per entry in document order (null where none), or all nulls when the entries found here are not {@code entryCount}. */
    static List<String> asWritten(Document document, int entryCount) {
        List<String> dates = new ArrayList<>();
        for (Element element : document.getDescendants(Filters.element())) {
            if (ENTRIES.contains(element.getName())) {
                dates.add(date(element));
            }
        }
        return dates.size() == entryCount ? dates : Collections.nCopies(entryCount, null);
    }

    private static String date(Element entry) {
        for (String name : NAMES) {
            for (Element child : entry.getChildren()) {
                if (child.getName().equals(name) && !child.getTextTrim().isEmpty()) {
                    return child.getTextTrim();
                }
            }
        }
        return null;
    }
}
