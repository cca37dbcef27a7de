package io.realtimeminer.fetcher.command;

import java.time.Instant;

/** Polls a source now (the poll scheduler); false when this instance does not poll it. */
@FunctionalInterface
public interface PollNow {

    boolean pollNow(String sourceId, Instant requestedAt);
}
