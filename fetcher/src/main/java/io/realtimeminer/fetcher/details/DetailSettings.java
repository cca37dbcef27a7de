package io.realtimeminer.fetcher.details;

import java.time.Duration;

/**
 * How a fetcher instance fetches the pages of new items (the {@code details.*} settings of
 * {@code FetcherConfig}).
 *
 * @param enabled      run the detail fetcher in this instance
 * @param groupId      its consumer group on miner.items.new, shared by every instance
 * @param maxInFlight  pages fetched at once at most
 * @param fetchTimeout time allowed for one page, its turn at the host included
 * @param maxAge       items discovered longer ago are passed over
 * @param maxPageBytes bytes of a page read at most
 */
public record DetailSettings(boolean enabled, String groupId, int maxInFlight, Duration fetchTimeout, Duration maxAge,
                             int maxPageBytes) {
}
