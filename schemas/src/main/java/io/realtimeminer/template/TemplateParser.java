package io.realtimeminer.template;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.realtimeminer.text.Printable;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns a template JSON value into a {@link SourceTemplate}, collecting every violation with the
 * path of the offending field so that the author can fix them all at once. The language is
 * described in docs/templates.md.
 */
public final class TemplateParser {

    /** Poll interval when a template names none. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(60);
    /** The shortest interval a template may ask for unless the fetcher is configured otherwise. */
    public static final Duration DEFAULT_MIN_INTERVAL = Duration.ofSeconds(5);
    /**
     * The longest interval, and the longest gap between two cron turns, a template may ask for. A
     * bound far below what time arithmetic overflows at (a "P200000D" once stopped every source):
     * a source polled less often than monthly has no place in a real-time miner.
     */
    public static final Duration MAX_INTERVAL = Duration.ofDays(31);

    private static final List<String> KNOWN_FIELDS = List.of("id", "name", "url", "kind", "interval", "cron", "active",
            "tags", "headers", "pool", "emit", "extract", "detail", "page_details", "freshness", "min_interval", "max_interval",
            "server_hints");
    private static final Pattern POOL_NAME = Pattern.compile("[a-z0-9_-]+");
    /** Pools a template may name, its first choice included. */
    static final int MAX_POOLS = 5;
    /** The longest template accepted, in characters: a template is a page of settings, not a data set. */
    public static final int MAX_LENGTH = 64 * 1024;
    public static final int MAX_ID_LENGTH = 200;
    public static final int MAX_TAGS = 100;
    public static final int MAX_TAG_LENGTH = 100;
    public static final int MAX_HEADERS = 50;
    public static final int MAX_HEADER_VALUE_LENGTH = 8 * 1024;
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    /** Duplicate members are refused: "last one wins" would hide a mistake. */
    private static final ObjectMapper JSON = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private final Duration minInterval;
    private final Clock clock;

    /** A parser with {@link #DEFAULT_MIN_INTERVAL}. */
    public TemplateParser() {
        this(DEFAULT_MIN_INTERVAL);
    }

    /** @param minInterval the shortest interval a template may ask for (a cron expression too) */
    public TemplateParser(Duration minInterval) {
        this(minInterval, Clock.systemUTC());
    }

    TemplateParser(Duration minInterval, Clock clock) {
        this.minInterval = minInterval;
        this.clock = clock;
    }

    /**
     * Parses the value of one templates-topic record.
     *
     * @param key  the record key: the source id
     * @param json the record value
     * @throws InvalidTemplateException when the value is not a usable template
     */
    public SourceTemplate parse(String key, String json) throws InvalidTemplateException {
        Violations violations = new Violations();
        String sourceId = key == null ? "" : key.trim();
        if (sourceId.isEmpty()) {
            violations.add("key", "the record key (source id) is missing");
        } else if (!Printable.isPrintable(sourceId) || sourceId.length() > MAX_ID_LENGTH) {
            // Ids are printed to terminals and logs: no escape sequence or line break may ride on one.
            violations.add("key", "the source id must be at most " + MAX_ID_LENGTH + " characters without control characters");
        }
        if (json != null && json.length() > MAX_LENGTH) {
            violations.add("$", "the template is " + json.length() + " characters long; at most " + MAX_LENGTH + " are accepted");
            throw new InvalidTemplateException(sourceId, violations.list());
        }
        JsonNode root;
        try {
            root = JSON.readTree(json == null ? "" : json);
        } catch (JsonProcessingException e) {
            violations.add("$", "not valid JSON: " + e.getOriginalMessage());
            throw new InvalidTemplateException(sourceId, violations.list());
        }
        if (root == null || !root.isObject()) {
            violations.add("$", "must be a JSON object");
            throw new InvalidTemplateException(sourceId, violations.list());
        }
        violations.rejectUnknownMembers(root, "$", KNOWN_FIELDS);

        String id = violations.optionalText(root, "id", "$.id");
        if (id != null && !id.equals(sourceId)) {
            violations.add("$.id", "'" + id + "' differs from the record key '" + sourceId + "'");
        }
        String name = violations.optionalText(root, "name", "$.name");
        URI url = url(root, violations);
        SourceKind kind = kind(root, violations);
        Duration interval = duration(root, "interval", violations);
        CronSchedule cron = cron(root, violations);
        FreshnessTarget freshness = freshness(root, interval, cron, violations);
        boolean active = flag(root, "active", violations);
        List<String> tags = tags(root, violations);
        Map<String, String> headers = headers(root, violations);
        List<String> pools = pools(root, violations);
        EmitMode emit = emit(root, violations);
        ExtractionRulesParser rules = new ExtractionRulesParser(violations);
        ExtractionRules extract = rules.extract(root, kind);
        DetailStep detail = rules.detail(root, kind);
        boolean pageDetails = flag(root, "page_details", violations);

        if (!violations.isEmpty()) {
            throw new InvalidTemplateException(sourceId, violations.list(), pools.get(0));
        }
        Duration startInterval = interval != null ? interval : freshness != null ? freshness.target() : DEFAULT_INTERVAL;
        return new SourceTemplate(sourceId, name == null ? sourceId : name, url, kind, startInterval, active, tags, headers,
                cron, pools, emit, extract, detail, pageDetails, freshness);
    }

    /**
     * The id a template names for itself ({@code $.id}), for tools that read a template from a file
     * rather than from a keyed record; empty when it names none or is not a JSON object.
     */
    public static Optional<String> declaredId(String json) {
        try {
            JsonNode id = JSON.readTree(json).get("id");
            return id != null && id.isTextual() && !id.asText().isBlank() ? Optional.of(id.asText().trim()) : Optional.empty();
        } catch (JsonProcessingException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static URI url(JsonNode root, Violations violations) {
        String text = violations.requiredText(root, "url", "$.url");
        if (text == null) {
            return null;
        }
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                violations.add("$.url", "must be an absolute http or https URL");
                return null;
            }
            if (uri.getHost() == null || uri.getHost().isEmpty()) {
                violations.add("$.url", "has no host");
                return null;
            }
            if (uri.getRawUserInfo() != null) {
                // Never polled with them, and never written to a log: say where credentials go instead.
                violations.add("$.url", "must not hold credentials (user:password@); send them in \"headers\", e.g."
                        + " {\"Authorization\": \"Basic ...\"}");
                return null;
            }
            return uri;
        } catch (URISyntaxException e) {
            violations.add("$.url", "is not a valid URL: " + e.getReason());
            return null;
        }
    }

    private static SourceKind kind(JsonNode root, Violations violations) {
        String text = violations.requiredText(root, "kind", "$.kind");
        if (text == null) {
            return null;
        }
        return SourceKind.fromWireName(text.toLowerCase(Locale.ROOT)).orElseGet(() -> {
            violations.add("$.kind", "unknown kind '" + text + "' (supported: "
                    + String.join(", ", Arrays.stream(SourceKind.values()).map(SourceKind::wireName).toList()) + ")");
            return null;
        });
    }

    /**
     * A duration member ({@code interval}, {@code freshness}, ...): an ISO-8601 duration or a number
     * of seconds, from the configured minimum to {@link #MAX_INTERVAL}; null when absent or invalid.
     */
    private Duration duration(JsonNode root, String member, Violations violations) {
        JsonNode node = root.get(member);
        String path = "$." + member;
        if (node == null || node.isNull()) {
            return null;
        }
        Duration value;
        if (node.isNumber()) {
            double seconds = node.asDouble();
            // Compared as a number first: 1e30 or 1e308 seconds overflow any Duration arithmetic.
            if (!(seconds <= MAX_INTERVAL.toSeconds())) {
                violations.add(path, node.asText() + " seconds is longer than the maximum " + MAX_INTERVAL);
                return null;
            }
            value = Duration.ofMillis(Math.round(seconds * 1000));
        } else if (node.isTextual()) {
            try {
                value = Duration.parse(node.asText().trim().toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException | ArithmeticException e) {
                violations.add(path, "'" + node.asText() + "' is neither an ISO-8601 duration (e.g. PT30S) nor a number of"
                        + " seconds, or is longer than the maximum " + MAX_INTERVAL);
                return null;
            }
        } else {
            violations.add(path, "must be an ISO-8601 duration string or a number of seconds");
            return null;
        }
        if (value.compareTo(minInterval) < 0) {
            violations.add(path, value + " is shorter than the minimum " + minInterval);
            return null;
        }
        if (value.compareTo(MAX_INTERVAL) > 0) {
            violations.add(path, value + " is longer than the maximum " + MAX_INTERVAL);
            return null;
        }
        return value;
    }

    /**
     * {@code freshness} with its optional bounds and {@code server_hints}; null for a source polled at
     * a fixed interval or cron turns. An {@code interval} beside it is the interval used until the
     * source's habits are learned, and lies within the bounds.
     */
    private FreshnessTarget freshness(JsonNode root, Duration interval, CronSchedule cron, Violations violations) {
        boolean named = root.hasNonNull("freshness");
        Duration target = duration(root, "freshness", violations);
        Duration min = duration(root, "min_interval", violations);
        Duration max = duration(root, "max_interval", violations);
        boolean hints = flag(root, "server_hints", violations);
        if (!named) {
            for (String member : List.of("min_interval", "max_interval", "server_hints")) {
                if (root.hasNonNull(member)) {
                    violations.add("$." + member, "applies only to a source with a \"freshness\" target");
                }
            }
            return null;
        }
        if (root.hasNonNull("cron")) {
            violations.add("$.freshness", "a source is polled either at cron turns or adaptively to a freshness target, not both");
            return null;
        }
        if (target == null || (root.hasNonNull("min_interval") && min == null) || (root.hasNonNull("max_interval") && max == null)
                || (root.hasNonNull("interval") && interval == null)) {
            return null;
        }
        Duration lowest = min != null ? min : minInterval;
        Duration highest = max != null ? max : longest(target, FreshnessTarget.DEFAULT_MAX_INTERVAL);
        boolean valid = true;
        if (lowest.compareTo(target) > 0) {
            violations.add("$.min_interval", lowest + " is longer than the freshness target " + target);
            valid = false;
        }
        if (highest.compareTo(target) < 0) {
            violations.add("$.max_interval", highest + " is shorter than the freshness target " + target);
            valid = false;
        }
        if (interval != null && (interval.compareTo(lowest) < 0 || interval.compareTo(highest) > 0)) {
            violations.add("$.interval", interval + " lies outside min_interval " + lowest + " and max_interval " + highest);
            valid = false;
        }
        return valid ? new FreshnessTarget(target, lowest, highest, hints) : null;
    }

    private static Duration longest(Duration a, Duration b) {
        Duration longer = a.compareTo(b) >= 0 ? a : b;
        return longer.compareTo(MAX_INTERVAL) > 0 ? MAX_INTERVAL : longer;
    }

    private CronSchedule cron(JsonNode root, Violations violations) {
        String text = violations.optionalText(root, "cron", "$.cron");
        if (text == null) {
            return null;
        }
        CronSchedule schedule;
        try {
            schedule = CronSchedule.parse(text);
        } catch (IllegalArgumentException e) {
            violations.add("$.cron", "'" + text + "' is not a 5-field Unix cron expression (minute hour day-of-month month day-of-week): " + e.getMessage());
            return null;
        }
        ZonedDateTime now = ZonedDateTime.now(clock).withZoneSameInstant(ZoneOffset.UTC);
        if (schedule.nextAfter(now).isEmpty()) {
            violations.add("$.cron", "'" + text + "' never fires");
            return null;
        }
        CronSchedule.Gaps gaps = schedule.gaps(now);
        if (gaps.shortest() != null && gaps.shortest().compareTo(minInterval) < 0) {
            violations.add("$.cron", "'" + text + "' fires every " + gaps.shortest() + ", more often than the minimum " + minInterval);
            return null;
        }
        if (gaps.longest().compareTo(MAX_INTERVAL) > 0) {
            violations.add("$.cron", "'" + text + "' leaves " + gaps.longest() + " between two turns, longer than the maximum "
                    + MAX_INTERVAL);
            return null;
        }
        return schedule;
    }

    /** A boolean member that is true when absent ({@code active}, {@code page_details}, {@code server_hints}). */
    private static boolean flag(JsonNode root, String member, Violations violations) {
        JsonNode node = root.get(member);
        if (node == null || node.isNull()) {
            return true;
        }
        if (!node.isBoolean()) {
            violations.add("$." + member, "must be true or false");
            return true;
        }
        return node.asBoolean();
    }

    private static List<String> tags(JsonNode root, Violations violations) {
        JsonNode node = root.get("tags");
        Set<String> tags = new LinkedHashSet<>();
        if (node == null || node.isNull()) {
            return new ArrayList<>(tags);
        }
        if (!node.isArray()) {
            violations.add("$.tags", "must be an array of strings");
            return new ArrayList<>(tags);
        }
        if (node.size() > MAX_TAGS) {
            violations.add("$.tags", "has " + node.size() + " tags; at most " + MAX_TAGS + " are accepted");
            return new ArrayList<>(tags);
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode tag = node.get(i);
            if (!tag.isTextual() || tag.asText().isBlank()) {
                violations.add("$.tags[" + i + "]", "must be a non-empty string");
            } else if (tag.asText().trim().length() > MAX_TAG_LENGTH) {
                violations.add("$.tags[" + i + "]", "is longer than " + MAX_TAG_LENGTH + " characters");
            } else {
                tags.add(tag.asText().trim());
            }
        }
        return new ArrayList<>(tags);
    }

    private static Map<String, String> headers(JsonNode root, Violations violations) {
        Map<String, String> headers = new LinkedHashMap<>();
        JsonNode node = violations.optionalObject(root, "headers", "$.headers");
        if (node == null) {
            return headers;
        }
        if (node.size() > MAX_HEADERS) {
            violations.add("$.headers", "has " + node.size() + " headers; at most " + MAX_HEADERS + " are accepted");
            return headers;
        }
        node.fields().forEachRemaining(e -> {
            String path = "$.headers." + e.getKey();
            if (!HEADER_NAME.matcher(e.getKey()).matches()) {
                violations.add(path, "is not a header name (letters, digits and !#$%&'*+.^_`|~-)");
            } else if (!e.getValue().isTextual()) {
                violations.add(path, "must be a string");
            } else if (e.getValue().asText().length() > MAX_HEADER_VALUE_LENGTH) {
                violations.add(path, "is longer than " + MAX_HEADER_VALUE_LENGTH + " characters");
            } else if (e.getValue().asText().chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
                violations.add(path, "must not contain line breaks or NUL");
            } else {
                headers.put(e.getKey(), e.getValue().asText());
            }
        });
        return headers;
    }

    /** {@code "pool": "eu"}, or pools in order of preference: {@code "pool": ["eu", "us"]}. */
    private static List<String> pools(JsonNode root, Violations violations) {
        JsonNode node = root.get("pool");
        if (node == null || node.isNull()) {
            return List.of(SourceTemplate.DEFAULT_POOL);
        }
        List<JsonNode> given = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(given::add);
            if (given.isEmpty()) {
                violations.add("$.pool", "must name at least one pool");
            } else if (given.size() > MAX_POOLS) {
                violations.add("$.pool", "names " + given.size() + " pools; at most " + MAX_POOLS);
            }
        } else {
            given.add(node);
        }
        List<String> pools = new ArrayList<>();
        for (int i = 0; i < given.size(); i++) {
            String path = node.isArray() ? "$.pool[" + i + "]" : "$.pool";
            JsonNode one = given.get(i);
            if (!one.isTextual() || one.asText().isBlank()) {
                violations.add(path, "must be a pool name (a non-empty string)");
            } else if (!POOL_NAME.matcher(one.asText()).matches()) {
                violations.add(path, "'" + one.asText() + "' is not a pool name (lower-case letters, digits, '_' and '-')");
            } else if (pools.contains(one.asText())) {
                violations.add(path, "'" + one.asText() + "' is named twice");
            } else {
                pools.add(one.asText());
            }
        }
        return pools.isEmpty() ? List.of(SourceTemplate.DEFAULT_POOL) : pools;
    }

    private static EmitMode emit(JsonNode root, Violations violations) {
        String text = violations.optionalText(root, "emit", "$.emit");
        if (text == null) {
            return EmitMode.NEW;
        }
        return EmitMode.fromWireName(text.toLowerCase(Locale.ROOT)).orElseGet(() -> {
            violations.add("$.emit", "must be new or changes");
            return EmitMode.NEW;
        });
    }
}
