package io.realtimeminer.fetcher.page;

import java.time.Instant;

/**
 * What an item's own page says about the item, each field from the best source the page offers
 * (see {@link PageReader}); every field is nullable.
 *
 * @param title           JSON-LD headline, og:title, twitter:title or {@code <title>}
 * @param description     og:description, meta description, twitter:description or JSON-LD description
 * @param canonicalUrl    {@code <link rel=canonical>}, og:url or the JSON-LD url, absolute
 * @param siteName        og:site_name or application-name
 * @param type            the JSON-LD @type read (NewsArticle, ...) or og:type
 * @param language        a BCP 47 tag, declared or guessed
 * @param languageGuessed true when the page declares no language and it was guessed from the text
 * @param imageUrl        og:image, twitter:image or the JSON-LD image, absolute
 * @param author          JSON-LD author name(s), meta author, article:author or twitter:creator
 * @param publisher       JSON-LD publisher name or article:publisher
 * @param publishedAt     JSON-LD datePublished, else a published-time meta tag
 * @param publishedFrom   {@link #FROM_JSON_LD} or {@link #FROM_META}, null without a date
 * @param modifiedAt      JSON-LD dateModified, article:modified_time or og:updated_time
 * @param excerpt         the first words of the main text, plain
 * @param wordCount       words in the main text, null when the page has none
 */
public record PageMetadata(String title, String description, String canonicalUrl, String siteName, String type,
                           String language, boolean languageGuessed, String imageUrl, String author, String publisher,
                           Instant publishedAt, String publishedFrom, Instant modifiedAt, String excerpt, Integer wordCount) {

    public static final String FROM_JSON_LD = "json-ld";
    public static final String FROM_META = "meta";
}
