package io.realtimeminer.fetcher.command;

import java.time.Duration;

/** What a WebSub hub said of a subscription, as the instance whose callback it called tells the source's owner. */
public interface PushEvents {

    /** Push off: nothing to tell, every source is here. */
    PushEvents NONE = new PushEvents() {
        @Override
        public boolean verified(String sourceId, long generation, Duration lease) {
            return true;
        }

        @Override
        public boolean denied(String sourceId, long generation, String reason) {
            return true;
        }
    };

    /** The hub verified the subscription {@code generation} for {@code lease}; false when the source is not (yet) polled here. */
    boolean verified(String sourceId, long generation, Duration lease);

    /** The hub denied the subscription {@code generation}; false when the source is not (yet) polled here. */
    boolean denied(String sourceId, long generation, String reason);

    /** The hub notified the source's callback (the poll that follows is the hub's). */
    default void pinged(String sourceId) {
    }
}
