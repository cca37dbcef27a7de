package io.realtimeminer.bench.farm;

import java.time.Instant;
import java.util.SplittableRandom;

/**
 * One item a farm source posted. Only its posting time is stored; everything else follows from
 * the source, its number and the farm's seed, so a farm of 100,000 sources stays small.
 *
 * @param source   the index of the source
 * @param seq      the item's number within its source, from 0
 * @param guid     the id feeds, pages and the JSON API give the item
 * @param hnId     the numeric id the Hacker News API gives the item
 * @param title    plain text (may hold characters that need escaping)
 * @param link     absolute URL of the item's own page on the farm
 * @param author   plain text
 * @param summary  plain text
 * @param postedAt when the item appeared; also its published date on every page
 */
public record FarmItem(int source, long seq, String guid, long hnId, String title, String link, String author, String summary,
                       Instant postedAt) {

    private static final String[] SUBJECTS = {"Council", "Startup", "Researchers", "Club", "Ministry", "Team", "Museum", "Court"};
    private static final String[] VERBS = {"announces", "rejects", "delays", "opens", "wins", "reviews", "launches", "closes"};
    private static final String[] OBJECTS = {"new plan", "budget", "stadium deal", "open data portal", "final", "rail link", "exhibition", "appeal"};

    static FarmItem of(FarmLayout layout, int source, long seq, long postedMillis) {
        SplittableRandom words = new SplittableRandom(layout.settings().seed() ^ (source * 0x9E3779B97F4A7C15L) ^ (seq * 0xC2B2AE3D27D4EB4FL));
        String subject = SUBJECTS[words.nextInt(SUBJECTS.length)];
        String sourceId = FarmLayout.sourceId(source);
        Instant postedAt = Instant.ofEpochMilli(postedMillis);
        String title = (seq % 10 == 3 ? "Q&A: " : "") + subject + " " + VERBS[words.nextInt(VERBS.length)] + " "
                + OBJECTS[words.nextInt(OBJECTS.length)] + " <" + sourceId + " #" + seq + ">";
        String summary = subject + " said on " + postedAt + " that the " + OBJECTS[words.nextInt(OBJECTS.length)]
                + " would be \"discussed further\" (source " + source + ", item " + seq + ").";
        return new FarmItem(source, seq, sourceId + "-" + seq, hnId(layout, source, seq), title,
                layout.origin(source) + "/story/" + source + "/" + seq, "author-" + (seq % 7), summary, postedAt);
    }

    /** Unique over the farm and below 2^31 for any realistic run, like real HN ids. */
    static long hnId(FarmLayout layout, int source, long seq) {
        return 40_000_000L + seq * layout.sources() + source;
    }
}
