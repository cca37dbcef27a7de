-- Every items row is a story's first item: its link in canonical form (the story's identity across
-- sources) and its story id (its own item_id; the key of the story's rows in sightings). Both are
-- null for rows stored before dedupe knew about stories.
ALTER TABLE items ADD COLUMN canonical_url text;
ALTER TABLE items ADD COLUMN story_id text;

-- "Do we have this link already?"
CREATE INDEX items_canonical_url_idx ON items (canonical_url);
