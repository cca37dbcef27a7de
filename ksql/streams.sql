-- The project's topics as ksqlDB streams and tables (Avro via the registry's Confluent API).
--
-- Value columns are read from the registry (the schema the miner registers as <topic>-value), so
-- only the key column is declared; ksqlDB upper-cases the Avro field names (item_id -> ITEM_ID).
-- Keys are plain strings (KEY_FORMAT 'KAFKA'). A key column must not share a value column's name.
-- Checked against the Avro schemas and topic names by KsqlStatementsTest; applied by the
-- ksqldb-init service of docker-compose.yml (profile "ksql"), or by hand:
--   ksql http://127.0.0.1:8088 --file ksql/streams.sql

-- Every new item once enriched (key: the item id).
CREATE STREAM IF NOT EXISTS miner_items (item_key VARCHAR KEY)
  WITH (KAFKA_TOPIC='miner.items.enriched', KEY_FORMAT='KAFKA', VALUE_FORMAT='AVRO');

-- Each source's sighting of a story, the first included (key: the story id).
CREATE STREAM IF NOT EXISTS miner_sightings (story_key VARCHAR KEY)
  WITH (KAFKA_TOPIC='miner.sightings', KEY_FORMAT='KAFKA', VALUE_FORMAT='AVRO');

-- Every poll's outcome as it happens (key: the source id).
CREATE STREAM IF NOT EXISTS miner_polls (source_key VARCHAR KEY)
  WITH (KAFKA_TOPIC='miner.source.status', KEY_FORMAT='KAFKA', VALUE_FORMAT='AVRO');

-- The last poll of every source (the same compacted topic read as a table).
CREATE SOURCE TABLE IF NOT EXISTS miner_sources (source_key VARCHAR PRIMARY KEY)
  WITH (KAFKA_TOPIC='miner.source.status', KEY_FORMAT='KAFKA', VALUE_FORMAT='AVRO');

-- The running instances and their last heartbeat (key: the instance id; a clean stop deletes it).
CREATE SOURCE TABLE IF NOT EXISTS miner_instances (instance_key VARCHAR PRIMARY KEY)
  WITH (KAFKA_TOPIC='miner.instances', KEY_FORMAT='KAFKA', VALUE_FORMAT='AVRO');

-- New items per source and minute, kept as a table that pull queries can read.
CREATE TABLE IF NOT EXISTS miner_items_per_minute AS
  SELECT source_id, COUNT(*) AS items, MAX(freshness_ms) AS worst_freshness_ms
  FROM miner_items
  WINDOW TUMBLING (SIZE 1 MINUTE, GRACE PERIOD 1 MINUTE)
  GROUP BY source_id
  EMIT CHANGES;
