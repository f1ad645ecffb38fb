-- Schema version 2: timelines that take events in any order, merges and
-- deletes. An issue holds events on its timeline and events held because
-- the timeline cannot place them yet; its version counts both.

-- When the source last changed the issue's descriptive fields (Issue.Updated):
-- the later one wins a merge. NULL for the zero time.
ALTER TABLE issues
    ADD COLUMN updated    timestamptz,
    ADD COLUMN updated_ns smallint NOT NULL DEFAULT 0; -- nanoseconds below the microsecond

-- The events of an issue are its timeline (held = false, seq 1, 2, ... in
-- timeline order) and then its held events (held = true, in time order, with
-- the reason the timeline cannot place them). source_id is the event's
-- identity at its source (Event.ID), NULL for none: unique within an issue.
ALTER TABLE events
    ADD COLUMN source_id   text COLLATE "C",
    ADD COLUMN held        boolean NOT NULL DEFAULT false,
    ADD COLUMN held_reason text; -- NULL unless held

CREATE UNIQUE INDEX events_source_id ON events (engagement, issue, source_id) WHERE source_id IS NOT NULL;

-- issues.version was the number of events, all on the timeline: it still
-- is, now counting the held ones too.
COMMENT ON COLUMN issues.version IS 'the number of events, on the timeline and held: the optimistic version';
