-- Adaptive polling: for a source polled to a freshness target, what its last poll planned (all
-- null for a source polled at a fixed interval or cron turns).
ALTER TABLE source_status
    -- The template's freshness target.
    ADD COLUMN freshness_target_ms   bigint,
    -- The wait planned after the last poll, and what set it: learning, target, budget_spare,
    -- budget_short, quiet_hour, server_hint or server_skip.
    ADD COLUMN planned_interval_ms   bigint,
    ADD COLUMN plan_reason           text,
    -- How long an item posted now waits on average to be found (half the planned interval).
    ADD COLUMN expected_freshness_ms bigint,
    -- Items per hour expected in the current hour, as learned from the source's own history.
    ADD COLUMN posting_rate_per_hour double precision,
    -- False when the poll budget cannot serve the target, or the server asked not to be read now.
    ADD COLUMN target_met            boolean;

-- "Which sources does the poll budget not serve?"
CREATE INDEX source_status_target_missed_idx ON source_status (source_id) WHERE target_met = false;
