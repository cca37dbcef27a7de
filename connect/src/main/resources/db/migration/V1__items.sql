-- One row per enriched item, written by the Debezium JDBC sink (upsert on item_id) from
-- miner.items.enriched. We own this DDL (the sink runs with schema.evolution=none) because
-- Debezium's own DDL would give timestamp without time zone and fails on array defaults.
CREATE TABLE items (
    item_id        text        PRIMARY KEY,
    source_id      text        NOT NULL,
    source_name    text,
    source_item_id text,
    url            text,
    title          text,
    summary        text,
    author         text,
    published_at   timestamptz,
    discovered_at  timestamptz NOT NULL,
    enriched_at    timestamptz,
    -- Filled by the database, not the sink (the upsert only sets the record's columns): when the
    -- item was first stored.
    stored_at      timestamptz NOT NULL DEFAULT now(),
    tags           text[]      NOT NULL DEFAULT '{}'
);

-- "What did this source publish lately?"
CREATE INDEX items_source_id_discovered_at_idx ON items (source_id, discovered_at DESC);
-- "What is new?" across all sources.
CREATE INDEX items_discovered_at_idx ON items (discovered_at DESC);
-- The same by the publisher's own date; items without one sort last.
CREATE INDEX items_published_at_idx ON items (published_at DESC NULLS LAST);
