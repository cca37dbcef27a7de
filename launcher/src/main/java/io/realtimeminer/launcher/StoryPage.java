package io.realtimeminer.launcher;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The article page of a {@link DemoSite} story, as news sites write them: a language, OpenGraph
 * and Twitter card tags, a canonical link, a JSON-LD NewsArticle, and the story's text in an
 * {@code <article>}, so that the detail fetchers have real metadata to read.
 */
final class StoryPage {

    static final String SITE_NAME = "Demo News";
    static final String AUTHOR = "Dee Reporter";
    static final String PUBLISHER = "Demo News Ltd";

    private StoryPage() {
    }

    /** The page of {@code story}, served at {@code pageUrl} (its canonical URL) by the site at {@code siteUrl}. */
    static String html(DemoSite.Story story, String siteUrl, String pageUrl) {
        String title = escape(story.title());
        String published = DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(story.postedAt().atOffset(ZoneOffset.UTC));
        String description = escape(description(story));
        String image = siteUrl + "/images/" + story.feed() + "-" + story.number() + ".png";
        return """
                <!DOCTYPE html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <title>%1$s | %2$s</title>
                <meta name="description" content="%3$s">
                <meta property="og:title" content="%1$s">
                <meta property="og:description" content="%3$s">
                <meta property="og:image" content="%4$s">
                <meta property="og:site_name" content="%2$s">
                <meta property="og:type" content="article">
                <meta property="article:published_time" content="%5$s">
                <meta name="twitter:card" content="summary_large_image">
                <link rel="canonical" href="%6$s">
                <script type="application/ld+json">
                {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "%7$s", "datePublished": "%5$s",
                 "author": {"@type": "Person", "name": "%8$s"}, "publisher": {"@type": "Organization", "name": "%9$s"},
                 "image": "%4$s", "mainEntityOfPage": "%6$s"}
                </script>
                </head>
                <body>
                <nav><a href="/">Home</a> <a href="/%10$s.xml">%10$s</a></nav>
                <article>
                <h1>%1$s</h1>
                <p class="byline">By %8$s</p>
                <p>%3$s It is story number %11$d of the %10$s feed of this local demo site, which posts a new one every few seconds.</p>
                <p>The realtime miner found it in the feed, let it through dedupe, fetched this page for its metadata and stored it
                in PostgreSQL with the description, image, language and text you are reading now.</p>
                </article>
                <footer>%2$s, a local demo site</footer>
                </body>
                </html>
                """.formatted(title, SITE_NAME, description, image, published, escape(pageUrl), json(story.title()), AUTHOR, PUBLISHER,
                escape(story.feed()), story.number());
    }

    /** What the page says the story is about (its meta description). */
    static String description(DemoSite.Story story) {
        return "A demo story posted on the " + story.feed() + " feed at " + story.postedAt() + ".";
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String json(String text) {
        return escape(text.replace("\\", "\\\\").replace("\"", "\\\""));
    }
}
