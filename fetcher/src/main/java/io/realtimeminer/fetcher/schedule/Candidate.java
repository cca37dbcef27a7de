package io.realtimeminer.fetcher.schedule;

import io.realtimeminer.fetcher.extract.ExtractedItem;

/**
 * An item of this poll that is to be sent: one this instance has not sent yet, or (emit mode
 * {@code changes}) one whose content changed since.
 *
 * @param itemId      its stable id
 * @param fingerprint its content fingerprint as listed (before any detail completion)
 * @param item        the item, completed once its detail document was read
 * @param changed     true for a known item whose content changed
 */
record Candidate(String itemId, long fingerprint, ExtractedItem item, boolean changed) {

    Candidate with(ExtractedItem completed) {
        return new Candidate(itemId, fingerprint, completed, changed);
    }
}
