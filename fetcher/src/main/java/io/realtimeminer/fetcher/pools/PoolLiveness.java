package io.realtimeminer.fetcher.pools;

import io.realtimeminer.avro.InstanceStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which pools have a live fetcher, from the heartbeats on {@code miner.instances}, and so which
 * pool polls a source that names several ({@code "pool": ["eu", "us"]}): the first one that is
 * serving. A pool serves while one of its fetchers is alive (its last heartbeat younger than the
 * instance timeout) and for {@code failover} after its last one went (timed out, or stopped
 * cleanly); a pool never seen counts as gone since this instance began to watch, so a fetcher that
 * just started does not take sources over from a pool whose heartbeats it has not read yet.
 * Every instance decides from the same heartbeats: a source moves to the next pool once its pool
 * has been gone for {@code failover}, and back as soon as its pool has a live instance again (the
 * next pool stops at the first heartbeat it reads from it).
 */
public final class PoolLiveness {

    private record Fetcher(String pool, Instant aliveUntil) {
    }

    private final Duration instanceTimeout;
    private final Duration failover;
    private final Instant watchingSince;
    private final Map<String, Fetcher> fetchers = new ConcurrentHashMap<>();

    /**
     * @param instanceTimeout after how long without a heartbeat an instance counts as gone
     * @param failover        how long a pool's sources wait after its last instance went before the next pool takes them
     * @param watchingSince   when this instance began to read the heartbeats
     */
    public PoolLiveness(Duration instanceTimeout, Duration failover, Instant watchingSince) {
        this.instanceTimeout = instanceTimeout;
        this.failover = failover;
        this.watchingSince = watchingSince;
    }

    /**
     * A heartbeat record: {@code status} null is a clean stop's tombstone, read at {@code readAt}.
     * Topology instances have no pool and are left out.
     */
    public void heartbeat(String instanceId, InstanceStatus status, Instant readAt) {
        if (instanceId == null) {
            return;
        }
        if (status == null) {
            fetchers.computeIfPresent(instanceId, (id, known) ->
                    new Fetcher(known.pool(), known.aliveUntil().isBefore(readAt) ? known.aliveUntil() : readAt));
            return;
        }
        if (!"fetcher".equals(status.getRole()) || status.getPool() == null) {
            return;
        }
        fetchers.put(instanceId, new Fetcher(status.getPool(), status.getHeartbeatAt().plus(instanceTimeout)));
    }

    /** Whether {@code pool} has a live fetcher at {@code now}. */
    public boolean alive(String pool, Instant now) {
        return aliveUntil(pool).isAfter(now);
    }

    /** Whether {@code pool} still keeps its sources at {@code now}: alive, or gone for less than the failover time. */
    public boolean serving(String pool, Instant now) {
        return aliveUntil(pool).plus(failover).isAfter(now);
    }

    /**
     * Whether an instance of {@code self} (alive: it is the one asking) polls a source naming
     * {@code pools}: no pool before its own in the list is serving.
     */
    public boolean polledBy(List<String> pools, String self, Instant now) {
        for (String pool : pools) {
            if (pool.equals(self)) {
                return true;
            }
            if (serving(pool, now)) {
                return false;
            }
        }
        return false;
    }

    private Instant aliveUntil(String pool) {
        Instant latest = watchingSince;
        for (Fetcher fetcher : fetchers.values()) {
            if (fetcher.pool().equals(pool) && fetcher.aliveUntil().isAfter(latest)) {
                latest = fetcher.aliveUntil();
            }
        }
        return latest;
    }
}
