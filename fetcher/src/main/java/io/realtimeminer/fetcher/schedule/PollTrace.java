package io.realtimeminer.fetcher.schedule;

import io.realtimeminer.fetcher.extract.ExtractedItem;

import java.util.List;

/**
 * What a poll noticed beyond its result, for whoever shows a poll to a person ({@code miner
 * preview}): the extraction's warnings, and each item left out because the document lists it twice.
 * The scheduler's polls trace nothing.
 */
interface PollTrace {

    PollTrace NONE = new PollTrace() {
    };

    /** The warnings of the document's extraction (a selector matched nothing, dates not read, ...). */
    default void warnings(List<String> warnings) {
    }

    /** {@code item} is left out: {@code reason} says which earlier item of the document it repeats. */
    default void duplicate(ExtractedItem item, String reason) {
    }
}
