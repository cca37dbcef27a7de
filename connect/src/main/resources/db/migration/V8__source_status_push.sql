-- WebSub push: a source's subscription to its hub (all null for a source without one).
ALTER TABLE source_status
    -- The hub it is subscribed to, or was asked of.
    ADD COLUMN push_hub          text,
    -- requested, active (the hub pushes), failed (polled, asked again later) or demoted (the
    -- backup polls found most new items first: polled, subscribed again after a day).
    ADD COLUMN push_state        text,
    -- New items first found by a poll a notification made, and by a backup poll, since verified.
    ADD COLUMN push_items_pushed bigint,
    ADD COLUMN push_items_polled bigint;
