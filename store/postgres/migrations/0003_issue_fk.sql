-- Schema version 3: issues lose their foreign key to engagements. Its check,
-- one per row, took a third of the server's time of an import. What it did
-- is done otherwise: a statement trigger on engagements deletes their issues
-- (and so, by the trigger on issues, their events), as ON DELETE CASCADE
-- did; and every write that creates issues checks that their engagements
-- exist and locks them FOR KEY SHARE (as the foreign key's check did) in
-- its own transaction, so that a purge waits for it and then deletes what
-- it created.

ALTER TABLE issues DROP CONSTRAINT issues_engagement_fk_fkey;
ALTER TABLE issues DROP COLUMN engagement_fk;

CREATE FUNCTION delete_issues_of_deleted_engagements() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    DELETE FROM issues i USING deleted_engagements d WHERE i.engagement = d.id;
    RETURN NULL;
END
$$;

CREATE TRIGGER engagements_delete_issues AFTER DELETE ON engagements
    REFERENCING OLD TABLE AS deleted_engagements
    FOR EACH STATEMENT EXECUTE FUNCTION delete_issues_of_deleted_engagements();
