package io.realtimeminer.fetcher.schedule;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The items a source showed most recently, newest first, at most {@link #KEPT}: what its status
 * and {@code GET /sources/{id}} tell as its latest items. Kept in the fetch state, so that a new
 * owner tells them too. Immutable.
 *
 * @param items newest first
 */
public record LatestItems(List<Item> items) {

    /** How many items are kept. */
    public static final int KEPT = 5;
    /** Titles are cut to this many characters: a status record stays small whatever a source writes. */
    public static final int TITLE_LENGTH = 300;

    public static final LatestItems NONE = new LatestItems(List.of());

    /**
     * One item as it was sent.
     *
     * @param title        cut to {@link #TITLE_LENGTH}, or null
     * @param url          or null
     * @param publishedAt  when the source says it was published, or null
     * @param discoveredAt when the poll that sent it found it
     */
    public record Item(String itemId, String title, String url, Instant publishedAt, Instant discoveredAt) {

        public Item {
            if (title != null && title.length() > TITLE_LENGTH) {
                int end = Character.isHighSurrogate(title.charAt(TITLE_LENGTH - 1)) ? TITLE_LENGTH - 1 : TITLE_LENGTH;
                title = title.substring(0, end) + "…";
            }
        }
    }

    public LatestItems {
        items = List.copyOf(items.size() > KEPT ? items.subList(0, KEPT) : items);
    }

    /**
     * These with {@code found} (the new items of one poll) in front: the newest published first,
     * those without a date after the dated ones in their document order. Only the newest
     * {@link #KEPT} stay.
     */
    public LatestItems with(List<Item> found) {
        if (found.isEmpty()) {
            return this;
        }
        List<Item> batch = new ArrayList<>(found);
        batch.sort(Comparator.comparing(Item::publishedAt, Comparator.nullsLast(Comparator.reverseOrder())));
        List<Item> all = new ArrayList<>(batch);
        for (Item kept : items) {
            if (all.size() >= KEPT) {
                break;
            }
            if (batch.stream().noneMatch(i -> i.itemId().equals(kept.itemId()))) {
                all.add(kept);
            }
        }
        return new LatestItems(all);
    }
}
