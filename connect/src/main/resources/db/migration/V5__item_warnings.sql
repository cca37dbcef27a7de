-- What the pipeline changed in an item so that the database accepts it (issue 12): a published or
-- modified date outside the plausible range left out, NUL characters removed from a text. One line
-- per change; empty for most rows.
ALTER TABLE items ADD COLUMN warnings text[] NOT NULL DEFAULT '{}';

-- "Which items did the pipeline have to mend?"
CREATE INDEX items_warnings_idx ON items ((cardinality(warnings))) WHERE cardinality(warnings) > 0;
