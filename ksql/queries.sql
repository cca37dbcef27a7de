-- Example queries over the streams and tables of streams.sql, for the ksqlDB CLI:
--   docker compose --profile ksql exec ksqldb-cli ksql http://127.0.0.1:8088
-- Push queries (EMIT CHANGES) run until Ctrl-C; start from the oldest records with
--   SET 'auto.offset.reset' = 'earliest';
-- Every column named here is checked against the Avro schemas by KsqlStatementsTest.

-- New items per source per minute, as they come.
SELECT source_id, WINDOWSTART AS minute_start, COUNT(*) AS items
  FROM miner_items
  WINDOW TUMBLING (SIZE 1 MINUTE)
  GROUP BY source_id
  EMIT CHANGES;

-- The same from the table streams.sql keeps (a pull query: answers at once and ends).
SELECT source_id, WINDOWSTART, items, worst_freshness_ms
  FROM miner_items_per_minute
  WHERE source_id = 'hn-front';

-- The latest items of a tag.
SELECT discovered_at, source_id, title, url
  FROM miner_items
  WHERE ARRAY_CONTAINS(tags, 'news')
  EMIT CHANGES
  LIMIT 20;

-- Sources whose items arrive more than a minute after they were published, per 10 minutes.
SELECT source_id, COUNT(*) AS late_items, MAX(freshness_ms) AS worst_freshness_ms
  FROM miner_items
  WINDOW TUMBLING (SIZE 10 MINUTES)
  WHERE freshness_ms > 60000
  GROUP BY source_id
  EMIT CHANGES;

-- Sources whose last polls failed, or which found nothing new for over an hour.
SELECT source_id, pool, outcome, consecutive_failures, last_error, last_new_item_at
  FROM miner_sources
  WHERE consecutive_failures > 0 OR UNIX_TIMESTAMP(last_new_item_at) < UNIX_TIMESTAMP() - 3600000;

-- Stories seen on several sources within an hour, with the sources that carried them.
SELECT story_id, COUNT_DISTINCT(source_id) AS sources, COLLECT_SET(source_id) AS source_ids
  FROM miner_sightings
  WINDOW TUMBLING (SIZE 1 HOUR)
  GROUP BY story_id
  HAVING COUNT_DISTINCT(source_id) > 1
  EMIT CHANGES;

-- The fetcher instances alive now, per pool.
SELECT instance_key, pool, sources_owned, polls_per_second, schedule_lag_p99_ms, heartbeat_at
  FROM miner_instances
  WHERE role = 'fetcher';
