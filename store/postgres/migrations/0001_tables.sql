-- Schema version 1: the tables of a hypercare store. Every table lives in the
-- store's schema (Options.Schema); the store sets search_path to it.
-- Keys are text compared byte-wise (COLLATE "C"). Strings that text cannot
-- hold (NUL bytes, invalid UTF-8) are stored escaped (see doc.go).

CREATE TABLE engagements (
    id          text COLLATE "C" PRIMARY KEY,
    name        text NOT NULL,
    location    text NOT NULL,
    go_live     timestamptz NOT NULL,
    planned_end timestamptz NOT NULL,
    doc         json NOT NULL -- the whole engagement, as store.EncodeEngagement encodes it
);

CREATE TABLE issues (
    engagement    text COLLATE "C" NOT NULL, -- '' for an issue of no engagement
    id            text COLLATE "C" NOT NULL,
    -- this incarnation of the key: an issue deleted and created again gets
    -- another, so that a writer's cached timeline of the old one is refused
    uid           bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    -- the engagement again, NULL for none: the foreign key
    engagement_fk text COLLATE "C" GENERATED ALWAYS AS (NULLIF(engagement, '')) STORED
                  REFERENCES engagements (id) ON DELETE CASCADE,
    title         text NOT NULL,
    workaround    text NOT NULL,
    fix_expected  timestamptz,           -- NULL when unknown
    fix_expected_ns smallint NOT NULL DEFAULT 0, -- nanoseconds below the microsecond
    version       integer NOT NULL,      -- the number of events: the optimistic version
    -- the state after the last event, derived, for queries
    status        text,                  -- open, paused, resolved; NULL before opening
    severity      smallint,              -- 1 = Sev1
    kind          text,
    team          text,
    opened_at     timestamptz,
    resolved_at   timestamptz,
    PRIMARY KEY (engagement, id)
);

CREATE TABLE events (
    engagement text COLLATE "C" NOT NULL,
    issue      text COLLATE "C" NOT NULL,
    seq        integer NOT NULL,          -- 1 for the first event of the timeline
    type       text NOT NULL,             -- opened, responded, reclassified, ...
    at         timestamptz NOT NULL,
    at_ns      smallint NOT NULL DEFAULT 0, -- nanoseconds below the microsecond
    severity   smallint,
    kind       text,
    team       text,
    person     text,
    reason     text,
    PRIMARY KEY (engagement, issue, seq)
    -- No foreign key to issues: its check, one per row, would triple the
    -- time of an import. The store only inserts events together with their
    -- issue or after a version-checked update of it; the trigger below
    -- deletes them with it, as ON DELETE CASCADE would.
);

CREATE FUNCTION delete_events_of_deleted_issues() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    DELETE FROM events e USING deleted_issues d WHERE e.engagement = d.engagement AND e.issue = d.id;
    RETURN NULL;
END
$$;

CREATE TRIGGER issues_delete_events AFTER DELETE ON issues
    REFERENCING OLD TABLE AS deleted_issues
    FOR EACH STATEMENT EXECUTE FUNCTION delete_events_of_deleted_issues();

CREATE TABLE sign_offs (
    engagement text COLLATE "C" NOT NULL REFERENCES engagements (id) ON DELETE CASCADE,
    seq        bigint GENERATED ALWAYS AS IDENTITY, -- the order they were added
    by_person  text NOT NULL,
    role       text NOT NULL,
    at         timestamptz NOT NULL,
    note       text NOT NULL,
    doc        json NOT NULL, -- the sign-off, as store.EncodeSignOff encodes it
    PRIMARY KEY (engagement, seq)
);

CREATE TABLE samples (
    engagement  text COLLATE "C" NOT NULL REFERENCES engagements (id) ON DELETE CASCADE,
    metric_kind text COLLATE "C" NOT NULL, -- login-rate, ...
    metric_name text COLLATE "C" NOT NULL,
    dimension   text COLLATE "C" NOT NULL, -- '' with segment '' for all users
    segment     text COLLATE "C" NOT NULL,
    day         date NOT NULL,
    value       double precision NOT NULL,
    base        double precision NOT NULL,
    PRIMARY KEY (engagement, metric_kind, metric_name, dimension, segment, day)
);

CREATE TABLE rosters (
    engagement text COLLATE "C" NOT NULL REFERENCES engagements (id) ON DELETE CASCADE,
    name       text COLLATE "C" NOT NULL,
    doc        json NOT NULL, -- the roster, as store.EncodeRoster encodes it
    PRIMARY KEY (engagement, name)
);
