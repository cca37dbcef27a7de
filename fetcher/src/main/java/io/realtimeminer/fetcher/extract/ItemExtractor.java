package io.realtimeminer.fetcher.extract;

import io.realtimeminer.template.SourceTemplate;

import java.net.URI;
import java.util.List;

/** Reads the items of one kind of document. One implementation per {@link io.realtimeminer.template.SourceKind}. */
public interface ItemExtractor {

    /**
     * @param template    the source's template
     * @param body        the raw document
     * @param contentType the Content-Type header, nullable (used for the charset)
     * @param baseUrl     the URL the document came from, to resolve relative links
     */
    List<ExtractedItem> extract(SourceTemplate template, byte[] body, String contentType, URI baseUrl)
            throws ExtractionException;

    /**
     * Completes an item whose {@link ExtractedItem#detailUrl()} the poller fetched (only for items
     * this instance has not sent yet). Kinds whose list holds complete items never get here.
     *
     * @param body the document at {@code item.detailUrl()}
     */
    default ExtractedItem complete(SourceTemplate template, ExtractedItem item, byte[] body, String contentType, URI url)
            throws ExtractionException {
        return item;
    }
}
