package io.realtimeminer.fetcher.page;

import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The main text of a page, without a readability library: the element marked as the article body
 * ({@code itemprop=articleBody}), else the longest {@code <article>}, else {@code <main>} or
 * {@code role=main}, else the element holding the most paragraph text, else the body; navigation,
 * scripts, forms, asides, headers, footers, figures, the headline and the byline inside it are left out. From it: a plain
 * excerpt of about {@value #EXCERPT_CHARS} characters, cut between words, and the word count.
 */
final class MainText {

    static final int EXCERPT_CHARS = 500;
    /** Paragraph text an element needs before it counts as the main block rather than the body. */
    private static final int MIN_BLOCK_CHARS = 140;
    /** Left out of the text: page furniture, and the headline and byline that the title and author fields hold already. */
    private static final String NOISE = "script, style, noscript, template, svg, iframe, object, nav, header, footer, aside, "
            + "form, button, select, figure, [hidden], [aria-hidden=true], h1, [class~=(?i)byline], [itemprop=author]";

    /**
     * @param text      the whole main text, whitespace collapsed
     * @param excerpt   its beginning, null when the page has no text
     * @param wordCount null when the page has no text
     */
    record Summary(String text, String excerpt, Integer wordCount) {
    }

    private MainText() {
    }

    static Summary of(Document page) {
        Element root = mainElement(page);
        if (root == null) {
            return new Summary("", null, null);
        }
        Element clean = root.clone();
        clean.select(NOISE).remove();
        String text = clean.text().strip();
        if (text.isEmpty()) {
            return new Summary("", null, null);
        }
        return new Summary(text, excerpt(text), wordCount(text));
    }

    private static Element mainElement(Document page) {
        Element marked = page.selectFirst("[itemprop=articleBody]");
        if (marked != null) {
            return marked;
        }
        Element longestArticle = null;
        int longest = 0;
        for (Element article : page.getElementsByTag("article")) {
            int length = article.text().length();
            if (length > longest) {
                longest = length;
                longestArticle = article;
            }
        }
        if (longestArticle != null) {
            return longestArticle;
        }
        Element main = page.selectFirst("main, [role=main]");
        if (main != null) {
            return main;
        }
        Element block = densestBlock(page);
        return block != null ? block : page.body();
    }

    /** The element whose own paragraphs hold the most text: where the story is on a page without markup for it. */
    private static Element densestBlock(Document page) {
        Map<Element, Integer> textByParent = new IdentityHashMap<>();
        Element best = null;
        int bestLength = MIN_BLOCK_CHARS - 1;
        for (Element paragraph : page.getElementsByTag("p")) {
            Element parent = paragraph.parent();
            if (parent == null) {
                continue;
            }
            int length = textByParent.merge(parent, paragraph.text().length(), Integer::sum);
            if (length > bestLength) {
                bestLength = length;
                best = parent;
            }
        }
        return best;
    }

    /** The text up to {@value #EXCERPT_CHARS} characters, cut after a whole word, with an ellipsis when cut. */
    static String excerpt(String text) {
        if (text.length() <= EXCERPT_CHARS) {
            return text;
        }
        int cut = text.lastIndexOf(' ', EXCERPT_CHARS);
        if (cut < EXCERPT_CHARS * 4 / 5) {
            cut = Character.isLowSurrogate(text.charAt(EXCERPT_CHARS)) ? EXCERPT_CHARS - 1 : EXCERPT_CHARS;
        }
        return text.substring(0, cut).stripTrailing() + "\u2026";
    }

    /**
     * Words: runs between spaces holding a letter or digit; in Chinese and Japanese, written without
     * spaces, each ideograph or kana counts as one.
     */
    static int wordCount(String text) {
        int words = 0;
        boolean inWord = false;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            if (isUnspacedScript(c)) {
                words++;
                inWord = false;
            } else if (Character.isWhitespace(c)) {
                inWord = false;
            } else if (!inWord && Character.isLetterOrDigit(c)) {
                words++;
                inWord = true;
            }
        }
        return words;
    }

    private static boolean isUnspacedScript(int c) {
        Character.UnicodeScript script = Character.UnicodeScript.of(c);
        return script == Character.UnicodeScript.HAN || script == Character.UnicodeScript.HIRAGANA
                || script == Character.UnicodeScript.KATAKANA;
    }
}
