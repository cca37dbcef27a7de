package io.realtimeminer.fetcher.sites;

/** Requests per second this fetcher may make of a site now, its share of the site's request budget. */
@FunctionalInterface
public interface SiteAllowance {

    /** No site budget: every site unlimited. */
    SiteAllowance NONE = site -> Double.POSITIVE_INFINITY;

    double allowance(String site);
}
