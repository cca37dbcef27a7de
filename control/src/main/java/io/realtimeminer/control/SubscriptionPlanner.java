package io.realtimeminer.control;

import java.util.List;
import java.util.Map;

/**
 * Plans the import of a subscription list ({@code POST /sources:import}): which template each of
 * its feeds becomes. The API publishes what is planned; the planning itself (OPML, feed
 * autodiscovery over the fetchers' engine) is the instance's to give.
 */
@FunctionalInterface
public interface SubscriptionPlanner {

    /** An instance that cannot import: every request gets a 501 that says so. */
    SubscriptionPlanner NONE = (list, current, options) -> {
        throw new ApiException(501, "this instance does not import subscription lists");
    };

    /**
     * @param list    the request body
     * @param current the templates followed now, by source id
     * @throws ApiException 400 when the body is no subscription list
     */
    List<Planned> plan(byte[] list, Map<String, ClusterView.TemplateEntry> current, Options options);

    /**
     * @param interval the new sources' interval; null for the default
     * @param pool     the new sources' pool; null for the default
     * @param check    fetch each address (autodiscovery) rather than take it as a feed
     */
    record Options(String interval, String pool, boolean check) {
    }

    /**
     * What becomes of one subscription.
     *
     * @param action   added, updated, skipped or refused
     * @param template the template to publish (added and updated); null otherwise
     */
    record Planned(String action, String title, String address, String sourceId, String template, String reason) {
    }
}
