package io.realtimeminer.fetcher.page;

import io.realtimeminer.fetcher.extract.ExtractionException;
import io.realtimeminer.fetcher.extract.HtmlExtractor;
import io.realtimeminer.fetcher.extract.PublishedDates;
import io.realtimeminer.fetcher.extract.Text;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import java.net.URI;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads an item's page for its metadata ({@link PageMetadata}): OpenGraph and Twitter card tags,
 * the JSON-LD article, {@code <link rel=canonical>}, the meta description, the language, the
 * main image, and an excerpt and word count of the main text. Any markup is read as a browser
 * would (Jsoup); the work is bounded by reading at most {@code maxBytes} of the page.
 */
public final class PageReader {

    /** Page bytes read by default: article pages are far smaller; the rest of a huge page is left unread. */
    public static final int DEFAULT_MAX_BYTES = 2 * 1024 * 1024;

    /** Content types read as pages: HTML, and the types misconfigured servers send HTML as (the markup check decides). */
    private static final List<String> HTML_TYPES = List.of("text/html", "application/xhtml+xml", "application/octet-stream", "text/plain");
    private static final Pattern LANGUAGE_TAG = Pattern.compile("[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*");
    private static final String[] PUBLISHED_META = {"article:published_time", "og:published_time", "datepublished",
            "publishdate", "publish-date", "pubdate", "date", "dc.date.issued", "dc.date", "dcterms.created", "dcterms.issued",
            "sailthru.date", "parsely-pub-date"};
    private static final String[] MODIFIED_META = {"article:modified_time", "og:updated_time", "datemodified",
            "dcterms.modified", "last-modified"};

    private final int maxBytes;

    public PageReader(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /**
     * @param body        the page as fetched (only the first {@code maxBytes} are read)
     * @param contentType the Content-Type header, nullable
     * @param url         where the page came from, for relative links; nullable
     * @throws ExtractionException when the response is not an HTML page (another type, binary, no markup at all)
     */
    public PageMetadata read(byte[] body, String contentType, URI url) throws ExtractionException {
        checkType(contentType);
        byte[] bytes = body.length > maxBytes ? Arrays.copyOf(body, maxBytes) : body;
        if (looksBinary(bytes)) {
            throw new ExtractionException("not an HTML page (binary content)", null);
        }
        Document page = HtmlExtractor.parse(bytes, contentType, url);
        // Jsoup wraps anything in html, head and body: a page has elements of its own in them.
        if (page.head().childrenSize() == 0 && page.body().childrenSize() == 0) {
            throw new ExtractionException("not an HTML page (no markup)", null);
        }
        MetaTags meta = MetaTags.of(page);
        Optional<JsonLd.Article> ld = JsonLd.article(page);
        MainText.Summary text = MainText.of(page);

        String declared = declaredLanguage(page, meta, ld);
        String language = declared != null ? declared : LanguageGuess.of(text.text());
        Instant ldPublished = ld.map(a -> date(a.datePublished())).orElse(null);
        Instant metaPublished = ldPublished != null ? null : metaDate(page, meta, PUBLISHED_META, "datePublished");
        Instant ldModified = ld.map(a -> date(a.dateModified())).orElse(null);
        return new PageMetadata(
                first(ld.map(JsonLd.Article::headline).orElse(null), meta.first("og:title", "twitter:title"), blankToNull(page.title())),
                first(meta.first("og:description", "description", "twitter:description"), ld.map(JsonLd.Article::description).orElse(null)),
                first(canonicalLink(page), Links.absolute(url, meta.first("og:url")), Links.absolute(url, ld.map(JsonLd.Article::url).orElse(null))),
                meta.first("og:site_name", "application-name"),
                first(ld.map(JsonLd.Article::type).orElse(null), meta.first("og:type")),
                language,
                declared == null && language != null,
                first(Links.absolute(url, meta.first("og:image", "og:image:url", "og:image:secure_url")),
                        Links.absolute(url, meta.first("twitter:image", "twitter:image:src")),
                        Links.absolute(url, ld.map(JsonLd.Article::image).orElse(null))),
                first(ld.map(a -> a.authors().isEmpty() ? null : String.join(", ", a.authors())).orElse(null),
                        meta.firstName("author", "article:author", "dc.creator", "twitter:creator")),
                first(ld.map(JsonLd.Article::publisher).orElse(null), meta.firstName("article:publisher", "dc.publisher")),
                ldPublished != null ? ldPublished : metaPublished,
                ldPublished != null ? PageMetadata.FROM_JSON_LD : metaPublished != null ? PageMetadata.FROM_META : null,
                ldModified != null ? ldModified : metaDate(page, meta, MODIFIED_META, "dateModified"),
                text.excerpt(),
                text.wordCount());
    }

    private static void checkType(String contentType) throws ExtractionException {
        if (contentType == null || contentType.isBlank()) {
            return;
        }
        String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!type.isEmpty() && !HTML_TYPES.contains(type)) {
            throw new ExtractionException("not an HTML page (" + type + ")", null);
        }
    }

    /** NUL bytes in the first kilobyte: an image, a PDF, a compressed file. */
    private static boolean looksBinary(byte[] body) {
        for (int i = 0; i < Math.min(body.length, 1024); i++) {
            if (body[i] == 0) {
                return true;
            }
        }
        return false;
    }

    private static String canonicalLink(Document page) {
        for (Element link : page.select("link[rel][href]")) {
            for (String rel : link.attr("rel").toLowerCase(Locale.ROOT).split("\\s+")) {
                if (rel.equals("canonical")) {
                    String href = link.absUrl("href");
                    return Links.isWebLink(href) ? href : null;
                }
            }
        }
        return null;
    }

    /** html lang, og:locale, Content-Language, meta language, JSON-LD inLanguage: the first that is a language tag. */
    private static String declaredLanguage(Document page, MetaTags meta, Optional<JsonLd.Article> ld) {
        Element html = page.selectFirst("html");
        for (String candidate : new String[] {html == null ? null : html.attr("lang"), html == null ? null : html.attr("xml:lang"),
                meta.first("og:locale"), meta.first("http-equiv:content-language"), meta.first("language", "dc.language"),
                ld.map(JsonLd.Article::language).orElse(null)}) {
            String tag = languageTag(candidate);
            if (tag != null) {
                return tag;
            }
        }
        return null;
    }

    /** "en_US", "EN-us", "en, fr" → en-US, en-US, en; null for what is not a language tag (or "und"). */
    static String languageTag(String value) {
        if (value == null) {
            return null;
        }
        String first = value.split(",", 2)[0].strip();
        if (!LANGUAGE_TAG.matcher(first).matches()) {
            return null;
        }
        String tag = Locale.forLanguageTag(first.replace('_', '-')).toLanguageTag();
        return tag.equals("und") ? null : tag;
    }

    private static Instant metaDate(Document page, MetaTags meta, String[] names, String itemprop) {
        Instant date = date(meta.first(names));
        if (date != null) {
            return date;
        }
        Element time = page.selectFirst("time[itemprop=" + itemprop + "][datetime]");
        return time == null ? null : date(time.attr("datetime"));
    }

    private static Instant date(String value) {
        return value == null ? null : PublishedDates.parse(value, null).orElse(null);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : Text.collapse(value);
    }

    @SafeVarargs
    private static <T> T first(T... values) {
        for (T value : values) {
            if (value != null) {
                return value;
            }
        }
        return null;
    }
}
