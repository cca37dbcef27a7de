package io.realtimeminer.bench.farm;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** Renders a feed source as RSS 2.0 or Atom 1.0. */
final class FeedPages {

    private FeedPages() {
    }

    static String rss(FarmLayout layout, int n, List<FarmItem> items) {
        StringBuilder xml = new StringBuilder(512 + items.size() * 480);
        xml.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n<channel>\n")
                .append("<title>Farm feed ").append(n).append("</title>\n")
                .append("<link>").append(layout.origin(n)).append("/feed/").append(n).append("</link>\n")
                .append("<description>Items of farm source ").append(FarmLayout.sourceId(n)).append("</description>\n");
        for (FarmItem item : items) {
            xml.append("<item>\n<guid isPermaLink=\"false\">").append(item.guid()).append("</guid>\n")
                    .append("<title>").append(Markup.escape(item.title())).append("</title>\n")
                    .append("<link>").append(item.link()).append("</link>\n")
                    .append("<dc:creator>").append(Markup.escape(item.author())).append("</dc:creator>\n")
                    .append("<pubDate>").append(DateTimeFormatter.RFC_1123_DATE_TIME.format(item.postedAt().atOffset(ZoneOffset.UTC))).append("</pubDate>\n")
                    .append("<description>").append(Markup.escape(item.summary())).append("</description>\n</item>\n");
        }
        return xml.append("</channel>\n</rss>\n").toString();
    }

    static String atom(FarmLayout layout, int n, List<FarmItem> items, long updatedMillis) {
        StringBuilder xml = new StringBuilder(512 + items.size() * 520);
        xml.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n")
                .append("<id>urn:farm:").append(FarmLayout.sourceId(n)).append("</id>\n")
                .append("<title>Farm feed ").append(n).append("</title>\n")
                .append("<updated>").append(java.time.Instant.ofEpochMilli(updatedMillis)).append("</updated>\n")
                .append("<link rel=\"self\" href=\"").append(layout.origin(n)).append("/feed/").append(n).append("\"/>\n");
        for (FarmItem item : items) {
            xml.append("<entry>\n<id>").append(item.guid()).append("</id>\n")
                    .append("<title>").append(Markup.escape(item.title())).append("</title>\n")
                    .append("<link rel=\"alternate\" href=\"").append(item.link()).append("\"/>\n")
                    .append("<author><name>").append(Markup.escape(item.author())).append("</name></author>\n")
                    .append("<published>").append(item.postedAt()).append("</published>\n")
                    .append("<updated>").append(item.postedAt()).append("</updated>\n")
                    .append("<summary>").append(Markup.escape(item.summary())).append("</summary>\n</entry>\n");
        }
        return xml.append("</feed>\n").toString();
    }
}
