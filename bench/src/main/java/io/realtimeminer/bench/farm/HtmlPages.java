package io.realtimeminer.bench.farm;

import java.util.List;

/**
 * Renders an html source as a news list page: one {@code <article data-id>} per item with
 * {@code h2 a}, {@code time[datetime]}, {@code .author} and {@code p.summary}, amid the
 * navigation and footer a real page has.
 */
final class HtmlPages {

    private HtmlPages() {
    }

    static String list(int n, List<FarmItem> items) {
        StringBuilder html = new StringBuilder(1024 + items.size() * 560);
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Farm site ").append(n)
                .append("</title></head>\n<body>\n<nav><a href=\"/\">Home</a> <a href=\"/about\">About</a></nav>\n<main>\n<h1>Latest news</h1>\n");
        for (FarmItem item : items) {
            html.append("<article class=\"story\" data-id=\"").append(item.guid()).append("\">\n")
                    .append("  <h2><a href=\"/story/").append(item.source()).append('/').append(item.seq()).append("\">")
                    .append(Markup.escape(item.title())).append("</a></h2>\n")
                    .append("  <p class=\"meta\"><time datetime=\"").append(item.postedAt()).append("\">").append(item.postedAt())
                    .append("</time> by <span class=\"author\">").append(Markup.escape(item.author())).append("</span></p>\n")
                    .append("  <p class=\"summary\">").append(Markup.escape(item.summary())).append("</p>\n</article>\n");
        }
        return html.append("</main>\n<footer><p>Farm source ").append(FarmLayout.sourceId(n)).append("</p></footer>\n</body></html>\n").toString();
    }

    /** An item's own page, the target of every link the farm gives. */
    static String story(FarmItem item) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + Markup.escape(item.title()) + "</title></head>\n"
                + "<body><article data-id=\"" + item.guid() + "\"><h1>" + Markup.escape(item.title()) + "</h1>\n<time datetime=\""
                + item.postedAt() + "\">" + item.postedAt() + "</time> <span class=\"author\">" + Markup.escape(item.author())
                + "</span>\n<p class=\"summary\">" + Markup.escape(item.summary()) + "</p></article></body></html>\n";
    }
}
