package io.realtimeminer.fetcher.subscriptions;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.realtimeminer.fetcher.subscriptions.ImportResult.Action;
import io.realtimeminer.template.InvalidTemplateException;
import io.realtimeminer.template.SourceTemplate;
import io.realtimeminer.template.TemplateParser;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * Turns a subscription list into templates, one per feed: each address is resolved (a web page to
 * the feed it announces) when a {@link FeedDiscovery} is given, matched against the sources
 * already followed (by feed URL), and checked by the fetchers' own template parser. Nothing is
 * published here: the caller publishes the templates of what {@link #plan} adds and updates.
 */
public final class SubscriptionImport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ID_LENGTH = 80;

    /**
     * How imported sources are polled.
     *
     * @param interval their interval (ISO-8601, e.g. PT5M); null: the templates' default
     * @param pool     their pool; null: the default pool
     */
    public record Options(String interval, String pool) {
    }

    private final TemplateParser parser;
    private final FeedDiscovery discovery;
    private final Options options;

    /** @param discovery null: take every address as a feed, without fetching it */
    public SubscriptionImport(TemplateParser parser, FeedDiscovery discovery, Options options) {
        this.parser = parser;
        this.discovery = discovery;
        this.options = options;
    }

    /**
     * @param existing the sources followed now, by id (their accepted templates and their JSON)
     * @return one result per subscription, in the list's order
     */
    public List<ImportResult> plan(List<Subscription> subscriptions, Map<String, Existing> existing) {
        List<CompletableFuture<FeedDiscovery.Resolution>> resolutions = subscriptions.stream()
                .map(s -> s.address() == null ? CompletableFuture.completedFuture(
                        new FeedDiscovery.Resolution(null, List.of(), "the outline has no xmlUrl nor htmlUrl", false))
                        : discovery == null ? CompletableFuture.completedFuture(FeedDiscovery.Resolution.feedAsGiven(s.address()))
                        : discovery.resolve(s.address()))
                .toList();
        Map<String, String> idByFeed = new HashMap<>();
        existing.forEach((id, source) -> idByFeed.putIfAbsent(source.template().url().toString(), id));
        Set<String> ids = new HashSet<>(existing.keySet());
        Map<String, String> listedAs = new HashMap<>();
        List<ImportResult> results = new ArrayList<>();
        for (int i = 0; i < subscriptions.size(); i++) {
            results.add(one(subscriptions.get(i), resolutions.get(i).join(), existing, idByFeed, ids, listedAs));
        }
        return results;
    }

    private ImportResult one(Subscription subscription, FeedDiscovery.Resolution resolution, Map<String, Existing> existing,
                             Map<String, String> idByFeed, Set<String> ids, Map<String, String> listedAs) {
        String title = subscription.title();
        String address = subscription.address();
        if (resolution.feed() == null) {
            return new ImportResult(Action.REFUSED, title, address, null, null, resolution.note());
        }
        String feed = resolution.feed();
        String note = resolution.note();
        String earlier = listedAs.putIfAbsent(feed, title);
        if (earlier != null) {
            return new ImportResult(Action.SKIPPED, title, address, idByFeed.get(feed), null,
                    "listed twice: the same feed as '" + earlier + "' above");
        }
        String known = idByFeed.get(feed);
        if (known != null) {
            return update(known, existing.get(known), subscription, address, note);
        }
        String id = freeId(feed, ids);
        String json = newTemplate(subscription, feed);
        Optional<String> refused = violations(id, json);
        if (refused.isPresent()) {
            return new ImportResult(Action.REFUSED, title, address, null, null, refused.get());
        }
        ids.add(id);
        idByFeed.put(feed, id);
        return new ImportResult(Action.ADDED, title, address, id, json, note);
    }

    /** A source already followed: its name and tags brought in line with the list (tags are added, never removed). */
    private ImportResult update(String id, Existing source, Subscription subscription, String address, String note) {
        ObjectNode json;
        try {
            json = (ObjectNode) JSON.readTree(source.json());
        } catch (Exception e) {
            return new ImportResult(Action.SKIPPED, subscription.title(), address, id, null, "already followed as '" + id + "'");
        }
        boolean changed = false;
        if (!subscription.title().isEmpty() && !subscription.title().equals(source.template().name())) {
            json.put("name", subscription.title());
            changed = true;
        }
        Set<String> tags = new LinkedHashSet<>(source.template().tags());
        if (tags.addAll(subscription.folders())) {
            ArrayNode array = json.putArray("tags");
            tags.forEach(array::add);
            changed = true;
        }
        if (!changed) {
            return new ImportResult(Action.SKIPPED, subscription.title(), address, id, null,
                    "already followed as '" + id + "', with this name and these tags");
        }
        String text = json.toString();
        Optional<String> refused = violations(id, text);
        if (refused.isPresent()) {
            return new ImportResult(Action.REFUSED, subscription.title(), address, id, null, refused.get());
        }
        return new ImportResult(Action.UPDATED, subscription.title(), address, id, text,
                note == null ? "already followed as '" + id + "': name and tags from the list" : note);
    }

    private String newTemplate(Subscription subscription, String feed) {
        ObjectNode json = JSON.createObjectNode();
        json.put("url", feed);
        json.put("kind", "feed");
        if (!subscription.title().isEmpty()) {
            json.put("name", subscription.title());
        }
        if (!subscription.folders().isEmpty()) {
            ArrayNode tags = json.putArray("tags");
            subscription.folders().forEach(tags::add);
        }
        if (options.interval() != null) {
            json.put("interval", options.interval());
        }
        if (options.pool() != null) {
            json.put("pool", options.pool());
        }
        return json.toString();
    }

    private Optional<String> violations(String id, String json) {
        try {
            parser.parse(id, json);
            return Optional.empty();
        } catch (InvalidTemplateException e) {
            return Optional.of("its template would be invalid: " + e.violations().stream().map(Object::toString)
                    .collect(Collectors.joining("; ")));
        }
    }

    /**
     * A readable id from the feed's address ("https://www.example.com/blog/feed.xml" gives
     * "example-com-blog-feed-xml"), made unique with a hash of the address when taken.
     */
    static String freeId(String feed, Set<String> taken) {
        String text = feed.toLowerCase(Locale.ROOT).replaceFirst("^[a-z][a-z0-9+.-]*://", "").replaceFirst("^www\\.", "");
        String slug = text.replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (slug.isEmpty()) {
            slug = "feed";
        }
        if (slug.length() > ID_LENGTH) {
            slug = slug.substring(0, ID_LENGTH).replaceAll("-+$", "");
        }
        if (!taken.contains(slug)) {
            return slug;
        }
        return slug + "-" + sha256(feed).substring(0, 8);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A source followed now.
     *
     * @param template its accepted template
     * @param json     the JSON it was published as
     */
    public record Existing(SourceTemplate template, String json) {
    }
}
