package io.realtimeminer.fetcher.subscriptions;

/**
 * What an import does with one subscription.
 *
 * @param action   added, updated, skipped or refused
 * @param title    the subscription's title
 * @param address  the address the list gives
 * @param sourceId the source it adds or updates, or already is; null when refused
 * @param template the template to publish for an added or updated source; null otherwise
 * @param reason   why it was skipped or refused, or how its feed was found; null when there is nothing to say
 */
public record ImportResult(Action action, String title, String address, String sourceId, String template, String reason) {

    public enum Action {
        ADDED, UPDATED, SKIPPED, REFUSED;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Whether it changes a template (added or updated), so that the caller publishes {@link #template()}. */
    public boolean publishes() {
        return action == Action.ADDED || action == Action.UPDATED;
    }
}
