-- What each story's own page says (issue 4 part B): the enrichment topology joins every new item
-- with the details a detail fetcher read on its page (OpenGraph, Twitter cards, JSON-LD, canonical
-- link, meta description, language, main image, main text), or records why there are none. Column
-- names are the EnrichedItem field names (the sink maps by name). All null for rows stored before.
ALTER TABLE items ADD COLUMN source_pool text;
-- Where published_at comes from: 'source' (the feed, list page or API), 'json-ld' or 'meta' (the page).
ALTER TABLE items ADD COLUMN published_from text;
-- discovered_at - published_at in milliseconds (negative when a source dates an item in the future).
ALTER TABLE items ADD COLUMN freshness_ms bigint;
ALTER TABLE items ADD COLUMN page_title text;
ALTER TABLE items ADD COLUMN description text;
-- The URL the page names as canonical; canonical_url (V3) is the story's identity, computed from url.
ALTER TABLE items ADD COLUMN page_canonical_url text;
ALTER TABLE items ADD COLUMN site_name text;
ALTER TABLE items ADD COLUMN page_type text;
-- A BCP 47 tag (en, en-GB, pt-BR, ...), as the page declares it or guessed from its text.
ALTER TABLE items ADD COLUMN language text;
ALTER TABLE items ADD COLUMN image_url text;
ALTER TABLE items ADD COLUMN page_author text;
ALTER TABLE items ADD COLUMN publisher text;
ALTER TABLE items ADD COLUMN date_modified timestamptz;
ALTER TABLE items ADD COLUMN excerpt text;
ALTER TABLE items ADD COLUMN word_count integer;
-- The page's HTTP status and when it was fetched; null when it was not (or no response came).
ALTER TABLE items ADD COLUMN detail_status integer;
ALTER TABLE items ADD COLUMN detail_fetched_at timestamptz;
-- Why the row has no page details although its source wants them: 'HTTP 404', a timeout,
-- 'not an HTML page (application/pdf)', 'no page details within 20 s', ...
ALTER TABLE items ADD COLUMN detail_error text;
-- Fields of the item's detail document beyond its own, e.g. {"score": "42", "descendants": "7"}
-- for a Hacker News story: a JSON object of strings.
ALTER TABLE items ADD COLUMN detail_fields jsonb;
-- The freshness as an interval, for reading (computed by the database, never written by the sink).
ALTER TABLE items ADD COLUMN freshness interval GENERATED ALWAYS AS (freshness_ms::double precision * interval '1 millisecond') STORED;

-- "Which pages could not be read, and why?"
CREATE INDEX items_detail_error_idx ON items (detail_error) WHERE detail_error IS NOT NULL;
