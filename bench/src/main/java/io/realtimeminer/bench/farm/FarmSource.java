package io.realtimeminer.bench.farm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One imitated source: posts items on its own timeline and remembers when it posted each. Items
 * are posted lazily, whenever the source is looked at, but at the times its timeline set, so the
 * posting times do not depend on when anyone asks.
 */
final class FarmSource {

    /**
     * What the source shows at one moment.
     *
     * @param version      how many items it ever posted
     * @param latestMillis posting times of the items it shows, newest first
     */
    record View(long version, long[] latestMillis) {

        long newestMillis(long otherwise) {
            return latestMillis.length == 0 ? otherwise : latestMillis[0];
        }
    }

    private final int index;
    private final FarmLayout layout;
    private final long itemEveryMillis;
    private final boolean poisson;
    private final int keep;

    // Guarded by this.
    private final SplittableRandom random;
    private long[] postedMillis;
    private int posted;
    private long nextArrival;

    /** @param startMillis when the farm started: the source already has its latest items posted before */
    FarmSource(int index, FarmLayout layout, long startMillis) {
        FarmSettings settings = layout.settings();
        this.index = index;
        this.layout = layout;
        this.itemEveryMillis = layout.itemEveryMillis(index);
        this.poisson = settings.arrivals() == FarmSettings.Arrivals.POISSON;
        this.keep = settings.keepLatest();
        this.random = new SplittableRandom(settings.seed() * 1_000_003L + layout.timeline(index));
        this.postedMillis = new long[keep + 8];
        long first = poisson ? startMillis + gap() : startMillis + (long) (random.nextDouble() * itemEveryMillis);
        // The backlog lies before the start: a period before the first item, or Poisson gaps back from the start.
        long t = poisson ? startMillis : first;
        for (int i = keep - 1; i >= 0; i--) {
            t -= gap();
            postedMillis[i] = t;
        }
        this.posted = keep;
        this.nextArrival = first;
    }

    int index() {
        return index;
    }

    /** When the source posts its next item after {@code nowMillis} (posting those whose time has come). */
    synchronized long nextArrival(long nowMillis) {
        view(nowMillis);
        return nextArrival;
    }

    /** Posts the items whose time has come and tells what the source shows now. */
    synchronized View view(long nowMillis) {
        while (nextArrival <= nowMillis) {
            if (posted == postedMillis.length) {
                postedMillis = Arrays.copyOf(postedMillis, posted * 2);
            }
            postedMillis[posted++] = nextArrival;
            nextArrival += gap();
        }
        int shown = Math.min(keep, posted);
        long[] latest = new long[shown];
        for (int i = 0; i < shown; i++) {
            latest[i] = postedMillis[posted - 1 - i];
        }
        return new View(posted, latest);
    }

    /** The items of a view, newest first. */
    List<FarmItem> items(View view) {
        List<FarmItem> items = new ArrayList<>(view.latestMillis().length);
        for (int i = 0; i < view.latestMillis().length; i++) {
            items.add(FarmItem.of(layout, index, view.version() - 1 - i, view.latestMillis()[i]));
        }
        return items;
    }

    /** When item {@code seq} was posted, or -1 if it is not posted by {@code nowMillis}. */
    synchronized long postedMillis(long seq, long nowMillis) {
        view(nowMillis);
        return seq >= 0 && seq < posted ? postedMillis[(int) seq] : -1;
    }

    /** Every item posted up to {@code nowMillis}, oldest first. */
    synchronized List<FarmItem> history(long nowMillis) {
        view(nowMillis);
        List<FarmItem> items = new ArrayList<>(posted);
        for (int seq = 0; seq < posted; seq++) {
            items.add(FarmItem.of(layout, index, seq, postedMillis[seq]));
        }
        return items;
    }

    private long gap() {
        return poisson ? Math.max(1, Math.round(-Math.log(1.0 - random.nextDouble()) * itemEveryMillis)) : itemEveryMillis;
    }
}
