-- The last poll of every source, written by the Debezium JDBC sink from miner.source.status
-- (upsert on source_id; the tombstone of a deleted source deletes its row). The fetcher that owns
-- a source writes its status after every poll (coalesced when polls come faster than writes).
CREATE TABLE source_status (
    source_id             text        PRIMARY KEY,
    -- The fetcher instance that polled it, and that instance's pool.
    instance_id           text        NOT NULL,
    pool                  text        NOT NULL,
    kind                  text        NOT NULL,
    url                   text        NOT NULL,
    poll_started          timestamptz NOT NULL,
    poll_ended            timestamptz NOT NULL,
    -- new_items, unchanged, not_modified, http_error, timeout, address_refused, robots, too_large,
    -- network_error, protocol_error, redirect_error, throttled, parse_error or error.
    outcome               text        NOT NULL,
    http_status           integer     NOT NULL,
    latency_ms            bigint      NOT NULL,
    bytes                 bigint      NOT NULL,
    items_found           integer     NOT NULL,
    items_new             integer     NOT NULL,
    items_changed         integer     NOT NULL,
    consecutive_failures  integer     NOT NULL,
    -- This poll's error, and the last one its owner saw (kept after later successes).
    error                 text,
    last_error            text,
    last_error_at         timestamptz,
    -- When the next poll is due (null: none scheduled), and how late this one started.
    next_due              timestamptz,
    schedule_lag_ms       bigint      NOT NULL,
    -- When a poll last found new items, and the usual gap between such polls (learned).
    last_new_item_at      timestamptz,
    usual_new_item_gap_ms bigint
);

-- "Which sources are failing?"
CREATE INDEX source_status_failing_idx ON source_status (consecutive_failures DESC) WHERE consecutive_failures > 0;

-- Each source's state, as GET /sources and miner status tell it: failing (3 failed polls in a row),
-- late (its next poll is over a minute overdue: no live owner, or an overloaded one), silent (no new
-- item for 4 times its usual gap), else ok.
CREATE VIEW source_health AS
SELECT s.*,
       CASE
           WHEN s.consecutive_failures >= 3 THEN 'failing'
           WHEN s.next_due < now() - interval '1 minute' THEN 'late'
           WHEN s.usual_new_item_gap_ms IS NOT NULL
                AND s.last_new_item_at < now() - make_interval(secs => 4 * s.usual_new_item_gap_ms / 1000.0) THEN 'silent'
           ELSE 'ok'
       END AS state
  FROM source_status s;
