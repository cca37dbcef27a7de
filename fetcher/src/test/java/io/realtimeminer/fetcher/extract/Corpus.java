package io.realtimeminer.fetcher.extract;

import io.realtimeminer.fetcher.SharedCorpus;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.DynamicTest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The shared extraction corpus (../../shared/corpus from the module, or -Dcorpus.dir): one
 * {@link Document} per row of its MANIFEST.tsv.
 */
final class Corpus {

    static final Path DIR = SharedCorpus.DIR;

    private Corpus() {
    }

    /**
     * What a test factory returns when the corpus is not there: one test that is skipped with the
     * reason (and fails under CI), so the corpus tests never vanish from the report; null when it is.
     */
    static Stream<DynamicTest> ifMissing() {
        return Files.exists(DIR.resolve("MANIFEST.tsv")) ? null
                : Stream.of(DynamicTest.dynamicTest("shared corpus", () -> SharedCorpus.require("MANIFEST.tsv")));
    }

    /** The documents of the given manifest kinds; skips the calling test (fails it under CI) when the corpus is not there. */
    static List<Document> documents(String... kinds) {
        Path manifest = SharedCorpus.require("MANIFEST.tsv");
        try {
            return Files.readAllLines(manifest, StandardCharsets.UTF_8).stream().skip(1)
                    .filter(line -> !line.isBlank())
                    .map(line -> line.split("\t", -1))
                    .filter(cols -> List.of(kinds).contains(cols[1]))
                    .map(cols -> new Document(cols[0], cols[1], Integer.parseInt(cols[5]), cols[6], cols[7], cols[8], cols[11]))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * One manifest row.
     *
     * @param selectors for html: {@code item=...; title=...; link=...@href}
     * @param notes     publisher and quirks; for json the document's kind (hn-item, reddit-listing, ...)
     */
    record Document(String file, String kind, int itemCount, String firstTitle, String firstLink, String selectors, String notes) {

        byte[] bytes() throws IOException {
            return Files.readAllBytes(DIR.resolve(file));
        }

        /** The URL the tests pretend the document was fetched from. */
        URI url() {
            return URI.create("http://corpus.invalid/" + file);
        }

        /** The manifest title as items carry it: plain text, trimmed, whitespace collapsed; null for n/a. */
        String expectedTitle() {
            if ("n/a".equals(firstTitle)) {
                return null;
            }
            return Jsoup.parse(firstTitle).text().replace('\u00a0', ' ').strip().replaceAll("\\s+", " ");
        }

        /** The manifest link (written as in the document) resolved against {@link #url()}; null for n/a. */
        String expectedLink() {
            if ("n/a".equals(firstLink)) {
                return null;
            }
            try {
                return url().resolve(firstLink).toString();
            } catch (IllegalArgumentException e) {
                return firstLink;
            }
        }

        @Override
        public String toString() {
            return file;
        }
    }
}
