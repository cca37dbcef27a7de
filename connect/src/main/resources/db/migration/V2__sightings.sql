-- One row per source's sighting of a story, written by the Debezium JDBC sink (upsert on item_id)
-- from miner.sightings. The dedupe topology writes one for the first sighting of every item, the
-- story's own item included (then item_id = story_id), so a story carried by three sources has
-- three rows here and one row in items (item_id = story_id).
CREATE TABLE sightings (
    item_id        text        PRIMARY KEY,
    story_id       text        NOT NULL,
    source_id      text        NOT NULL,
    source_item_id text,
    title          text,
    url            text,
    canonical_url  text,
    -- When a fetcher first saw the item (its discovered_at).
    seen_at        timestamptz NOT NULL,
    -- Filled by the database, not the sink: when the row was first stored.
    stored_at      timestamptz NOT NULL DEFAULT now()
);

-- "Which sources carried this story?"
CREATE INDEX sightings_story_id_idx ON sightings (story_id);
-- "Which stories did this source carry, and was it first?"
CREATE INDEX sightings_source_id_seen_at_idx ON sightings (source_id, seen_at DESC);

-- One row per story: its link, its first source's title and time, and every source that carried it.
-- The first source is the one whose item founded the story in the dedupe topology (the sighting
-- with item_id = story_id); until that row is stored (the two sightings travel on different
-- partitions) the earliest sighting stands in for it.
CREATE VIEW stories AS
SELECT story_id,
       (array_agg(canonical_url ORDER BY item_id = story_id DESC, seen_at, item_id))[1] AS canonical_url,
       (array_agg(title         ORDER BY item_id = story_id DESC, seen_at, item_id))[1] AS title,
       (array_agg(source_id     ORDER BY item_id = story_id DESC, seen_at, item_id))[1] AS first_source,
       (array_agg(seen_at       ORDER BY item_id = story_id DESC, seen_at, item_id))[1] AS first_seen_at,
       max(seen_at)                                                                     AS last_seen_at,
       count(DISTINCT source_id)                                                        AS source_count,
       array_agg(DISTINCT source_id ORDER BY source_id)                                 AS sources,
       count(*)                                                                         AS sighting_count
  FROM sightings
 GROUP BY story_id;
