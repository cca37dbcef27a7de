package io.realtimeminer.control.alerting;

/**
 * An alert that opened or resolved between two looks at the cluster.
 *
 * @param alert  the alert (for a resolved one, as it was last seen open)
 * @param opened true when it opened, false when it resolved
 */
public record AlertEvent(Alert alert, boolean opened) {

    /** "opened" or "resolved", as the webhook's body says. */
    public String event() {
        return opened ? "opened" : "resolved";
    }

    /**
     * The same for every instance that tells of this change, so that a receiver drops repeats
     * (a new poster after a failover may post a change again): the alert's id and the event.
     */
    public String idempotencyKey() {
        return alert.id() + "/" + event();
    }
}
