package io.realtimeminer.fetcher.extract;

import io.realtimeminer.template.SourceTemplate;

import java.net.URI;
import java.util.List;

/** Reads the items of one kind of document. One implementation per {@link io.realtimeminer.template.SourceKind}. */
public interface ItemExtractor {

    /**
     * Reads the items of a document, with the warnings its template's author should see.
     *
     * @param template    the source's template
     * @param body        the raw document
     * @param contentType the Content-Type header, nullable (used for the charset)
     * @param baseUrl     the URL the document came from, to resolve relative links; nullable
     * @throws ExtractionException when the document is not of the template's kind at all
     */
    Extraction read(SourceTemplate template, byte[] body, String contentType, URI baseUrl) throws ExtractionException;

    /** The items of {@link #read}, for callers that do not show warnings (the poller). */
    default List<ExtractedItem> extract(SourceTemplate template, byte[] body, String contentType, URI baseUrl)
            throws ExtractionException {
        return read(template, body, contentType, baseUrl).items();
    }

    /**
     * Completes an item whose {@link ExtractedItem#detailUrl()} the poller fetched (only for items
     * this instance has not sent yet). By default this reads the template's {@code detail} fields
     * from the document; kinds whose list holds complete items never get here.
     *
     * @param body the document at {@code item.detailUrl()}
     * @param url  the URL it came from
     * @return the completed item, or null when the document says the item is gone (e.g. a deleted
     *         Hacker News story): the caller must then drop the item, not send it
     * @throws ExtractionException when the document cannot be read; the caller may send the item as listed
     */
    default ExtractedItem complete(SourceTemplate template, ExtractedItem item, byte[] body, String contentType, URI url)
            throws ExtractionException {
        return template.detail() == null ? item : DetailCompletion.complete(template.detail(), item, body, contentType, url);
    }
}
