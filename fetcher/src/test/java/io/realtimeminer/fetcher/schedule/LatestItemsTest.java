package io.realtimeminer.fetcher.schedule;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LatestItemsTest {

    private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");

    @Test
    void aPollsNewItemsGoInFrontNewestPublishedFirstAndOnlyTheNewestFiveStay() {
        LatestItems latest = LatestItems.NONE.with(List.of(item("a", T0), item("b", T0.plusSeconds(60)), item("c", T0.plusSeconds(30))));
        assertThat(ids(latest)).containsExactly("b", "c", "a");

        latest = latest.with(List.of(item("d", null), item("e", T0.plusSeconds(90)), item("f", null)));

        // Dated before undated, the undated in their document order; a, the oldest, drops out.
        assertThat(ids(latest)).containsExactly("e", "d", "f", "b", "c");
        assertThat(latest.with(List.of())).isSameAs(latest);
    }

    @Test
    void anItemSentAgainIsListedOnce() {
        LatestItems latest = LatestItems.NONE.with(List.of(item("a", T0), item("b", T0.minusSeconds(5))));

        assertThat(ids(latest.with(List.of(item("b", T0.plusSeconds(5)))))).containsExactly("b", "a");
    }

    @Test
    void aLongTitleIsCutWithoutSplittingACharacter() {
        String emoji = "\uD83D\uDCF0"; // a surrogate pair
        String title = "x".repeat(LatestItems.TITLE_LENGTH - 1) + emoji + "tail";

        String kept = new LatestItems.Item("a", title, null, null, T0).title();

        assertThat(kept).isEqualTo("x".repeat(LatestItems.TITLE_LENGTH - 1) + "…");
        assertThat(new LatestItems.Item("a", "short", null, null, T0).title()).isEqualTo("short");
    }

    private static LatestItems.Item item(String id, Instant published) {
        return new LatestItems.Item(id, "Story " + id, "https://news.example/" + id, published, T0.plusSeconds(120));
    }

    private static List<String> ids(LatestItems latest) {
        return latest.items().stream().map(LatestItems.Item::itemId).toList();
    }
}
