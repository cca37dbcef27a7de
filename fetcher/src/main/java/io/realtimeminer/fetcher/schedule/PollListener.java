package io.realtimeminer.fetcher.schedule;

/** Told about every finished poll (logging, metrics, status topic). Must not block. */
@FunctionalInterface
public interface PollListener {

    void onPoll(PollResult result);
}
