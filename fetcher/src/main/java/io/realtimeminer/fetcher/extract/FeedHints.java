package io.realtimeminer.fetcher.extract;

import com.rometools.rome.feed.module.Module;
import com.rometools.rome.feed.module.SyModule;
import com.rometools.rome.feed.synd.SyndFeed;
import io.realtimeminer.fetcher.adaptive.ServerHints;
import org.jdom2.Document;
import org.jdom2.Element;

import java.time.DayOfWeek;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a feed says about when to read it again: RSS {@code ttl} (minutes), {@code skipHours} (GMT
 * hours) and {@code skipDays}, read from the document itself, and the syndication module's
 * {@code sy:updatePeriod} / {@code sy:updateFrequency} (updates per period). Values out of range
 * are ignored, and the skip elements are taken out of the document before ROME reads it: ROME
 * refuses a whole feed over one hour it does not accept ({@code <hour>24</hour>} is common) or a day
 * written in lower case.
 */
final class FeedHints {

    /** A ttl beyond this is read as this (a feed asking to be read once a week is still read daily). */
    private static final Duration LONGEST = Duration.ofDays(1);

    private FeedHints() {
    }

    /** The ttl and skip hours and days of an RSS channel, the skip elements removed from the document. */
    static ServerHints takeFrom(Document document) {
        Element root = document.getRootElement();
        Duration fresh = null;
        Set<Integer> skipHours = new HashSet<>();
        Set<DayOfWeek> skipDays = EnumSet.noneOf(DayOfWeek.class);
        for (Element channel : List.copyOf(root.getChildren())) {
            if (!channel.getName().equals("channel")) {
                continue;
            }
            for (Element child : List.copyOf(channel.getChildren())) {
                switch (child.getName()) {
                    case "ttl" -> {
                        Integer minutes = number(child.getTextTrim());
                        if (minutes != null && minutes > 0) {
                            fresh = Duration.ofMinutes(Math.min(minutes, LONGEST.toMinutes()));
                        }
                    }
                    case "skipHours" -> {
                        child.getChildren().stream().filter(e -> e.getName().equals("hour")).map(e -> number(e.getTextTrim()))
                                // RSS 2.0 counts 0 to 23; some feeds write 24 for midnight.
                                .filter(h -> h != null && h >= 0 && h <= 24).forEach(h -> skipHours.add(h % 24));
                        channel.removeContent(child);
                    }
                    case "skipDays" -> {
                        child.getChildren().stream().filter(e -> e.getName().equals("day")).map(e -> day(e.getTextTrim()))
                                .filter(d -> d != null).forEach(skipDays::add);
                        channel.removeContent(child);
                    }
                    default -> {
                    }
                }
            }
        }
        return new ServerHints(fresh, skipHours, skipDays);
    }

    /** The syndication module's period of {@code feed}, as a hint. */
    static ServerHints of(SyndFeed feed) {
        return ServerHints.freshFor(updatePeriod(feed.getModule(SyModule.URI)));
    }

    /** A whole number; a huge one is the largest int; null when not one. */
    private static Integer number(String text) {
        if (text.isEmpty() || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return null;
        }
        return text.length() > 9 ? Integer.MAX_VALUE : Integer.parseInt(text);
    }

    private static DayOfWeek day(String name) {
        try {
            return DayOfWeek.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** {@code sy:updatePeriod} divided by {@code sy:updateFrequency}; null without a period. */
    private static Duration updatePeriod(Module module) {
        if (!(module instanceof SyModule sy) || sy.getUpdatePeriod() == null) {
            return null;
        }
        Duration period = switch (sy.getUpdatePeriod().strip().toLowerCase(Locale.ROOT)) {
            case "hourly" -> Duration.ofHours(1);
            case "daily" -> Duration.ofDays(1);
            case "weekly" -> Duration.ofDays(7);
            case "monthly" -> Duration.ofDays(30);
            case "yearly" -> Duration.ofDays(365);
            default -> null;
        };
        if (period == null) {
            return null;
        }
        int frequency = sy.getUpdateFrequency() > 0 ? sy.getUpdateFrequency() : 1;
        Duration each = period.dividedBy(frequency);
        return each.compareTo(LONGEST) > 0 ? LONGEST : each;
    }
}
