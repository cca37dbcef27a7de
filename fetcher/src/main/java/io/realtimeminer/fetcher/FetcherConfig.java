package io.realtimeminer.fetcher;

import io.realtimeminer.fetcher.details.DetailSettings;
import io.realtimeminer.fetcher.http.HttpSettings;
import io.realtimeminer.push.PushSettings;
import io.realtimeminer.fetcher.parse.ParseBudget;
import io.realtimeminer.fetcher.schedule.PollPolicy;
import io.realtimeminer.kafka.ClusterSettings;
import io.realtimeminer.kafka.KafkaClients;
import io.realtimeminer.template.TemplateParser;
import io.realtimeminer.template.TemplateSettings;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;

import java.time.Duration;
import java.util.Map;

/** Every setting of a fetcher instance, with its type, default and documentation. */
public class FetcherConfig extends AbstractConfig {

    public static final String BOOTSTRAP_SERVERS = ClusterSettings.BOOTSTRAP_SERVERS;
    public static final String REGISTRY_URL = ClusterSettings.REGISTRY_URL;
    public static final String GROUP_ID = "fetcher.group.id";
    public static final String POOL = "fetcher.pool";
    public static final String MIN_INTERVAL_MS = TemplateSettings.MIN_INTERVAL_MS;
    public static final String HTTP_CONNECT_TIMEOUT_MS = "http.connect.timeout.ms";
    public static final String HTTP_RESPONSE_TIMEOUT_MS = "http.response.timeout.ms";
    public static final String HTTP_MAX_CONNECTIONS = HttpSettings.MAX_CONNECTIONS;
    public static final String HTTP_MAX_CONNECTIONS_PER_HOST = "http.max.connections.per.host";
    public static final String HTTP_MAX_BODY_BYTES = "http.max.body.bytes";
    public static final String HTTP_MAX_REDIRECTS = HttpSettings.MAX_REDIRECTS;
    public static final String HTTP_MAX_HEADER_LINE_BYTES = "http.max.header.line.bytes";
    public static final String HTTP_MAX_HEADER_COUNT = "http.max.header.count";
    public static final String HTTP_USER_AGENT = "http.user.agent";
    public static final String HTTP_IO_THREADS = "http.io.threads";
    public static final String PARSE_THREADS = "parse.threads";
    public static final String PARSE_BUDGET_MS = ParseBudget.SETTING;
    public static final String SEEN_IDS_PER_SOURCE = "seen.ids.per.source";
    public static final String HTTP_HOST_MAX_CONCURRENT = HttpSettings.HOST_MAX_CONCURRENT;
    public static final String HTTP_HOST_MIN_DELAY_MS = HttpSettings.HOST_MIN_DELAY_MS;
    public static final String HTTP_SITE_REQUESTS_PER_SECOND = HttpSettings.SITE_REQUESTS_PER_SECOND;
    public static final String HTTP_REQUEST_DEADLINE_MS = HttpSettings.REQUEST_DEADLINE_MS;
    public static final String HTTP_RETRY_AFTER_MAX_MS = "http.retry.after.max.ms";
    public static final String HTTP_RETRIES = "http.retries";
    public static final String HTTP_RETRY_DELAY_MS = "http.retry.delay.ms";
    public static final String HTTP_RETRY_DELAY_MAX_MS = "http.retry.delay.max.ms";
    public static final String HTTP_ROBOTS_ENABLED = "http.robots.enabled";
    public static final String HTTP_ROBOTS_CACHE_TTL_MS = "http.robots.cache.ttl.ms";
    public static final String HTTP_ALLOW_PRIVATE_ADDRESSES = HttpSettings.ALLOW_PRIVATE_ADDRESSES;
    public static final String POLL_BACKOFF_BASE_MS = "poll.backoff.base.ms";
    public static final String POLL_BACKOFF_MAX_MS = "poll.backoff.max.ms";
    public static final String POLL_PARSE_SHARE = PollPolicy.PARSE_SHARE_SETTING;
    public static final String POLL_BUDGET_PER_SECOND = PollPolicy.POLL_BUDGET_SETTING;
    public static final String DETAIL_MAX_PER_POLL = "detail.max.per.poll";
    public static final String POLL_TAKEOVER_CATCHUP_MS = "poll.takeover.catchup.ms";
    public static final String POOL_FAILOVER_MS = "pool.failover.ms";
    public static final String FETCH_STATE_ENABLED = "fetch.state.enabled";
    public static final String FETCH_STATE_SEEN_IDS = "fetch.state.seen.ids";
    public static final String FETCH_STATE_TIMEOUT_MS = "fetch.state.timeout.ms";
    public static final String DETAILS_ENABLED = "details.enabled";
    public static final String DETAILS_GROUP_ID = "details.group.id";
    public static final String DETAILS_MAX_IN_FLIGHT = "details.max.in.flight";
    public static final String DETAILS_FETCH_TIMEOUT_MS = "details.fetch.timeout.ms";
    public static final String DETAILS_MAX_AGE_MS = "details.max.age.ms";
    public static final String DETAILS_MAX_PAGE_BYTES = "details.max.page.bytes";

    public static final ConfigDef CONFIG_DEF = PushSettings.define(ClusterSettings.define(TemplateSettings.define(new ConfigDef())))
            .define(GROUP_ID, Type.STRING, "miner-fetchers", Importance.MEDIUM,
                    "Consumer group on the templates topic; every instance of the group owns a share of the sources.")
            .define(POOL, Type.STRING, "default", new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                    "The pool this instance serves: it polls only the sources whose template names it (templates without a pool"
                            + " are in the default pool). Each pool has its own consumer group, <fetcher.group.id>-<pool> (the default"
                            + " pool: <fetcher.group.id>).")
            .define(POOL_FAILOVER_MS, Type.LONG, 30_000L, Range.atLeast(0), Importance.MEDIUM,
                    "A source whose template names pools in order of preference (\"pool\": [\"eu\", \"us\"]) moves to the next"
                            + " pool once no fetcher of the pools before it has been alive (heartbeat within status.instance.timeout.ms)"
                            + " for this long, and back as soon as one is alive again. Every fetcher reads the heartbeats on"
                            + " miner.instances; one that has just started counts a pool it has not heard from as gone since its start.")
            .define(HTTP_CONNECT_TIMEOUT_MS, Type.LONG, 10_000L, Range.atLeast(1), Importance.MEDIUM,
                    "Time allowed to open a connection.")
            .define(HTTP_RESPONSE_TIMEOUT_MS, Type.LONG, 30_000L, Range.atLeast(1), Importance.MEDIUM,
                    "Time allowed between two packets of a response before the poll fails.")
            .define(HTTP_MAX_CONNECTIONS, Type.INT, 2_000, Range.atLeast(1), Importance.MEDIUM,
                    "Connections open at once over all hosts.")
            .define(HTTP_MAX_CONNECTIONS_PER_HOST, Type.INT, 4, Range.atLeast(1), Importance.MEDIUM,
                    "Pooled connections to one host (scheme, host and port); how many requests may run at once "
                            + "is " + HTTP_HOST_MAX_CONCURRENT + ".")
            .define(HTTP_HOST_MAX_CONCURRENT, Type.INT, 2, Range.atLeast(1), Importance.MEDIUM,
                    "Requests in flight at once to one host (host and port); further requests queue without "
                            + "holding a thread.")
            .define(HTTP_HOST_MIN_DELAY_MS, Type.LONG, 250L, Range.atLeast(0), Importance.MEDIUM,
                    "Least time between the starts of two requests to one host (host and port).")
            .define(HTTP_SITE_REQUESTS_PER_SECOND, Type.DOUBLE, 4.0, Range.atLeast(0), Importance.MEDIUM,
                    "Requests per second to one site (its registered domain under the Public Suffix List: "
                            + "www.example.co.uk and feeds.example.co.uk are example.co.uk; an IP address is its own site), "
                            + "over the whole cluster: every fetcher of every pool takes the share its want of the site is "
                            + "of all live fetchers' wants, as their heartbeats on miner.instances tell (one fetcher alone "
                            + "takes it all). Polls, item pages and robots.txt count; requests wait their turn without "
                            + "holding a thread, within " + HTTP_REQUEST_DEADLINE_MS + ". 0 for no limit.")
            .define(HTTP_REQUEST_DEADLINE_MS, Type.LONG, 60_000L, Range.atLeast(1), Importance.MEDIUM,
                    "Time allowed for one fetch as a whole: its turn at the host, robots.txt, redirects and the "
                            + "complete body. Stops a server that sends one byte a second.")
            .define(HTTP_RETRY_AFTER_MAX_MS, Type.LONG, 3_600_000L, Range.atLeast(0), Importance.LOW,
                    "Longest Retry-After (of a 429 or 503) honoured; a longer one is cut to this.")
            .define(HTTP_RETRIES, Type.INT, 2, Range.atLeast(0), Importance.MEDIUM,
                    "Retries of a request within one fetch (and its deadline) after a passing failure: a 502, 503 or 504,"
                            + " a 429 or 503 whose Retry-After is at most " + HTTP_RETRY_DELAY_MAX_MS + ", or a connection"
                            + " lost before the answer. Timeouts, refused connections, unknown hosts and TLS errors are not"
                            + " retried; a longer Retry-After pauses the host and moves the next poll instead. 0: none.")
            .define(HTTP_RETRY_DELAY_MS, Type.LONG, 1_000L, Range.atLeast(0), Importance.LOW,
                    "Wait before the first retry, doubled before each further one (a short Retry-After replaces it).")
            .define(HTTP_RETRY_DELAY_MAX_MS, Type.LONG, 5_000L, Range.atLeast(0), Importance.LOW,
                    "The longest wait between two attempts of one fetch; a longer Retry-After is not waited out in the fetch.")
            .define(HTTP_ROBOTS_ENABLED, Type.BOOLEAN, false, Importance.MEDIUM,
                    "Obey robots.txt: a URL it disallows for our User-Agent is not fetched and the poll fails "
                            + "with 'blocked by robots.txt'.")
            .define(HTTP_ROBOTS_CACHE_TTL_MS, Type.LONG, 3_600_000L, Range.atLeast(1_000), Importance.LOW,
                    "How long a host's robots.txt is reused before it is fetched again.")
            .define(HTTP_ALLOW_PRIVATE_ADDRESSES, Type.BOOLEAN, false, Importance.HIGH,
                    "Allow connections to loopback, private, link-local, shared (CGNAT), multicast and unspecified "
                            + "addresses. Off by default so that a template cannot reach internal services "
                            + "(checked after DNS resolution and at every redirect); turn on for local sources.")
            .define(HTTP_MAX_BODY_BYTES, Type.INT, 10 * 1024 * 1024, Range.atLeast(1024), Importance.MEDIUM,
                    "Largest response body accepted, before and after gzip/deflate decompression; a larger one "
                            + "fails the poll.")
            .define(HTTP_MAX_HEADER_LINE_BYTES, Type.INT, 16 * 1024, Range.atLeast(1024), Importance.LOW,
                    "Longest status or header line of a response; a longer one (an endless header) fails the fetch."
                            + " With " + HTTP_MAX_HEADER_COUNT + " it bounds a response's header block (HTTP/2: the"
                            + " header list) to their product, 2 MiB by default.")
            .define(HTTP_MAX_HEADER_COUNT, Type.INT, 128, Range.atLeast(16), Importance.LOW,
                    "Most header lines a response may have; more fail the fetch.")
            .define(HTTP_MAX_REDIRECTS, Type.INT, 5, Range.between(0, 20), Importance.LOW,
                    "Redirects followed before the poll fails.")
            .define(HTTP_USER_AGENT, Type.STRING, "realtime-miner/0.1 (+https://github.com/realtime-miner)", Importance.MEDIUM,
                    "User-Agent sent with every request.")
            .define(HTTP_IO_THREADS, Type.INT, Math.max(1, Runtime.getRuntime().availableProcessors()), Range.atLeast(1), Importance.LOW,
                    "I/O reactor threads of the HTTP client (defaults to the number of cores).")
            .define(PARSE_THREADS, Type.INT, Math.max(1, Runtime.getRuntime().availableProcessors()), Range.atLeast(1), Importance.LOW,
                    "Threads that parse fetched documents (defaults to the number of cores).")
            .define(PARSE_BUDGET_MS, Type.LONG, 5_000L, Range.atLeast(100), Importance.LOW,
                    "Time one fetched document may take to be read (parsing, selectors and their regexes, page"
                            + " metadata); past it the poll fails with that reason and the source backs off. A thread"
                            + " stuck past twice this in code that cannot be stopped is set aside and replaced; more"
                            + " than twice " + PARSE_THREADS + " such threads make the instance exit.")
            .define(SEEN_IDS_PER_SOURCE, Type.INT, 5_000, Range.atLeast(10), Importance.LOW,
                    "Item ids remembered per source so that unchanged items are not sent again at every poll; "
                            + "the dedupe topology remains the authority.")
            .define(POLL_BACKOFF_BASE_MS, Type.LONG, 30_000L, Range.atLeast(1), Importance.LOW,
                    "After n failed polls in a row a source waits at least base * 2^(n-1) (half of it jittered) "
                            + "before its next poll; a success resets it.")
            .define(POLL_BACKOFF_MAX_MS, Type.LONG, 1_800_000L, Range.atLeast(1), Importance.LOW,
                    "The longest wait of the failure backoff.")
            .define(POLL_BUDGET_PER_SECOND, Type.DOUBLE, 0.0, Range.atLeast(0), Importance.MEDIUM,
                    "Polls per second this instance may make in all, shared among its sources that have a freshness"
                            + " target (sources at fixed intervals take their share first). A budget that serves every target"
                            + " spends the rest where items wait least in total: intervals in proportion to 1/sqrt(posting"
                            + " rate), down to each source's min_interval. One that cannot serves the targets of the sources"
                            + " that post most first, and stretches the others up to their max_interval (logged once; their"
                            + " status says target_met false). 0: no budget, each such source is polled at its target.")
            .define(POLL_PARSE_SHARE, Type.DOUBLE, PollPolicy.DEFAULT_PARSE_SHARE, Range.between(0, 1), Importance.LOW,
                    "The share of one parse thread a source may take over time: after a poll whose document took t to"
                            + " read, the source's next poll waits at least t / this (0.02: a feed that takes 1 s to read is"
                            + " polled at most every 50 s, whatever its interval; an ordinary one, read in 10-50 ms, is not"
                            + " held back). Keeps a few huge documents from taking the parse threads of every other source."
                            + " 0: no bound.")
            .define(POLL_TAKEOVER_CATCHUP_MS, Type.LONG, PollPolicy.DEFAULT_TAKEOVER_CATCH_UP.toMillis(), Range.atLeast(0),
                    Importance.LOW,
                    "A source taken over from another instance whose last turn lies at most this far back, and that its"
                            + " previous owner did not poll at that turn (it died), is polled at once instead of at its next"
                            + " turn, so a failover costs the session timeout and not a whole interval more; 0 waits for the"
                            + " next turn.")
            .define(DETAIL_MAX_PER_POLL, Type.INT, 30, Range.atLeast(1), Importance.LOW,
                    "Detail documents (e.g. Hacker News item JSON) fetched per poll at most, in document order, "
                            + "also bounded by the template's extract.limit; further new items wait for the next poll.")
            .define(FETCH_STATE_ENABLED, Type.BOOLEAN, true, Importance.MEDIUM,
                    "Keep each source's fetch state (validators, recently sent item ids, failures, backoff) on the compacted"
                            + " topic miner.fetch.state, so that the next owner of a source that moves (an instance stops,"
                            + " dies or joins) asks for it conditionally and does not send its items again.")
            .define(FETCH_STATE_SEEN_IDS, Type.INT, 200, Range.atLeast(0), Importance.LOW,
                    "Item ids (the most recently sent) kept in a source's fetch state. Should exceed the number of"
                            + " items a source lists at once: the next owner sends again those it does not know"
                            + " (the dedupe topology drops them).")
            .define(FETCH_STATE_TIMEOUT_MS, Type.LONG, 30_000L, Range.atLeast(0), Importance.LOW,
                    "Longest wait to read the fetch state of newly assigned template partitions, and to store that of"
                            + " revoked ones; past it the sources concerned start from scratch.")
            .define(DETAILS_ENABLED, Type.BOOLEAN, true, Importance.MEDIUM,
                    "Run a detail fetcher in this instance: it fetches the page of every new item (after dedupe) whose"
                            + " template wants page details, through this instance's fetch engine (same politeness per"
                            + " host), and writes the page's metadata to miner.items.details for the enrichment topology."
                            + " Instances share the work through the consumer group details.group.id.")
            .define(DETAILS_GROUP_ID, Type.STRING, "miner-details", new ConfigDef.NonEmptyString(), Importance.LOW,
                    "Consumer group of the detail fetchers on miner.items.new (one for all pools).")
            .define(DETAILS_MAX_IN_FLIGHT, Type.INT, 512, Range.atLeast(1), Importance.LOW,
                    "Item pages a detail fetcher fetches at once at most; further new items wait (their partitions paused)."
                            + " It bounds the detail stage's throughput (pages in flight / page time: 512 at ~0.7 s, ~700"
                            + " pages/s): too low, the backlog an instance finds at its start (every source's latest items)"
                            + " holds every new item past enrichment.detail.deadline.ms. Politeness per host still applies.")
            .define(DETAILS_FETCH_TIMEOUT_MS, Type.LONG, 10_000L, Range.atLeast(100), Importance.MEDIUM,
                    "Time allowed for one item page, its turn at the host included; past it the item's details carry"
                            + " the error. Details that come after the enrichment's enrichment.detail.deadline.ms update the"
                            + " item's row.")
            .define(DETAILS_MAX_AGE_MS, Type.LONG, 600_000L, Range.atLeast(1_000), Importance.LOW,
                    "Items discovered longer ago are passed over (e.g. on the first start of the detail fetchers on a"
                            + " topic with a week of items): the enrichment topology let them through without page details"
                            + " long ago.")
            .define(DETAILS_MAX_PAGE_BYTES, Type.INT, 2 * 1024 * 1024, Range.atLeast(1024), Importance.LOW,
                    "Bytes of an item page read at most (the rest of a huge page is left unread; the fetch itself is"
                            + " bounded by http.max.body.bytes).");

    public FetcherConfig(Map<?, ?> originals) {
        super(CONFIG_DEF, originals, false);
    }

    /** Every Kafka client of this instance is built from these (bootstrap servers, kafka.client.* settings). */
    public KafkaClients kafkaClients() {
        return KafkaClients.of(bootstrapServers(), originals());
    }

    public String bootstrapServers() {
        return ClusterSettings.required(BOOTSTRAP_SERVERS, getString(BOOTSTRAP_SERVERS));
    }

    public String registryUrl() {
        return ClusterSettings.required(REGISTRY_URL, getString(REGISTRY_URL));
    }

    /** The consumer group of this instance's pool. */
    public String groupId() {
        String pool = getString(POOL);
        return pool.equals("default") ? getString(GROUP_ID) : getString(GROUP_ID) + "-" + pool;
    }

    public String pool() {
        return getString(POOL);
    }

    /** How long a pool's sources wait after its last fetcher went before the next pool of their templates takes them. */
    public Duration poolFailover() {
        return Duration.ofMillis(getLong(POOL_FAILOVER_MS));
    }

    /** The template parser of this instance: the one the enrichment topology uses too, with the same settings. */
    public TemplateParser templateParser() {
        return TemplateSettings.parser(values());
    }

    public Duration minInterval() {
        return Duration.ofMillis(getLong(MIN_INTERVAL_MS));
    }

    public Duration connectTimeout() {
        return Duration.ofMillis(getLong(HTTP_CONNECT_TIMEOUT_MS));
    }

    public Duration responseTimeout() {
        return Duration.ofMillis(getLong(HTTP_RESPONSE_TIMEOUT_MS));
    }

    public int maxConnections() {
        return getInt(HTTP_MAX_CONNECTIONS);
    }

    /** WebSub push: the callbacks' base URL, the key they derive from, lease and backup interval. */
    public PushSettings pushSettings() {
        return PushSettings.of(values());
    }

    /** The fetch engine's settings. */
    public HttpSettings httpSettings() {
        return new HttpSettings(connectTimeout(), responseTimeout(), requestDeadline(), maxConnections(), maxConnectionsPerHost(),
                hostMaxConcurrent(), hostMinDelay(), maxBodyBytes(), maxRedirects(), maxHeaderLineBytes(), maxHeaderCount(),
                userAgent(), ioThreads(), retries(), retryDelay(), retryDelayMax(), retryAfterMax(), robotsEnabled(),
                robotsCacheTtl(), allowPrivateAddresses(), getDouble(HTTP_SITE_REQUESTS_PER_SECOND));
    }

    public int maxConnectionsPerHost() {
        return getInt(HTTP_MAX_CONNECTIONS_PER_HOST);
    }

    public int maxBodyBytes() {
        return getInt(HTTP_MAX_BODY_BYTES);
    }

    public int maxHeaderLineBytes() {
        return getInt(HTTP_MAX_HEADER_LINE_BYTES);
    }

    public int maxHeaderCount() {
        return getInt(HTTP_MAX_HEADER_COUNT);
    }

    public int maxRedirects() {
        return getInt(HTTP_MAX_REDIRECTS);
    }

    public String userAgent() {
        return getString(HTTP_USER_AGENT);
    }

    public int ioThreads() {
        return getInt(HTTP_IO_THREADS);
    }

    public Duration parseBudget() {
        return Duration.ofMillis(getLong(PARSE_BUDGET_MS));
    }

    public int parseThreads() {
        return getInt(PARSE_THREADS);
    }

    public int seenIdsPerSource() {
        return getInt(SEEN_IDS_PER_SOURCE);
    }

    public int hostMaxConcurrent() {
        return getInt(HTTP_HOST_MAX_CONCURRENT);
    }

    public Duration hostMinDelay() {
        return Duration.ofMillis(getLong(HTTP_HOST_MIN_DELAY_MS));
    }

    public Duration requestDeadline() {
        return Duration.ofMillis(getLong(HTTP_REQUEST_DEADLINE_MS));
    }

    /** Retries of a request after a passing failure, within one fetch. */
    public int retries() {
        return getInt(HTTP_RETRIES);
    }

    /** Wait before the first retry of a fetch. */
    public Duration retryDelay() {
        return Duration.ofMillis(getLong(HTTP_RETRY_DELAY_MS));
    }

    /** The longest wait between two attempts of a fetch. */
    public Duration retryDelayMax() {
        return Duration.ofMillis(getLong(HTTP_RETRY_DELAY_MAX_MS));
    }

    public Duration retryAfterMax() {
        return Duration.ofMillis(getLong(HTTP_RETRY_AFTER_MAX_MS));
    }

    public boolean robotsEnabled() {
        return getBoolean(HTTP_ROBOTS_ENABLED);
    }

    public Duration robotsCacheTtl() {
        return Duration.ofMillis(getLong(HTTP_ROBOTS_CACHE_TTL_MS));
    }

    public boolean allowPrivateAddresses() {
        return getBoolean(HTTP_ALLOW_PRIVATE_ADDRESSES);
    }

    public boolean fetchStateEnabled() {
        return getBoolean(FETCH_STATE_ENABLED);
    }

    public int fetchStateSeenIds() {
        return getInt(FETCH_STATE_SEEN_IDS);
    }

    public Duration fetchStateTimeout() {
        return Duration.ofMillis(getLong(FETCH_STATE_TIMEOUT_MS));
    }

    /** How this instance fetches the pages of new items. */
    public DetailSettings detailSettings() {
        return new DetailSettings(getBoolean(DETAILS_ENABLED), getString(DETAILS_GROUP_ID), getInt(DETAILS_MAX_IN_FLIGHT),
                Duration.ofMillis(getLong(DETAILS_FETCH_TIMEOUT_MS)), Duration.ofMillis(getLong(DETAILS_MAX_AGE_MS)),
                getInt(DETAILS_MAX_PAGE_BYTES));
    }

    /** How the scheduler treats failing sources and detail fetches. */
    public PollPolicy pollPolicy() {
        return new PollPolicy(Duration.ofMillis(getLong(POLL_BACKOFF_BASE_MS)), Duration.ofMillis(getLong(POLL_BACKOFF_MAX_MS)),
                getInt(DETAIL_MAX_PER_POLL), Duration.ofMillis(getLong(POLL_TAKEOVER_CATCHUP_MS)), getDouble(POLL_PARSE_SHARE),
                getDouble(POLL_BUDGET_PER_SECOND));
    }
}
