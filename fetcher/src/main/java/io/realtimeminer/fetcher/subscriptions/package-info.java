/**
 * Subscription lists in and out: OPML files read and written with ROME's OPML module, web pages
 * resolved to their feeds by autodiscovery, and the plan that turns a list into templates (what is
 * added, updated, skipped and refused, with why).
 */
package io.realtimeminer.fetcher.subscriptions;
