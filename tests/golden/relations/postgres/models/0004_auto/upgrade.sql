-- migrator upgrade: models 0004_auto (postgres)
-- parent: 0003_auto
-- Blocks marked OUTSIDE TRANSACTION run without a transaction, each statement
-- committing on its own; the other blocks run in transactions (no BEGIN/COMMIT
-- here). The runner records each step as it runs and resumes after a failure.

-- [1/3] add column membership.joined_on
ALTER TABLE "membership" ADD COLUMN "joined_on" DATE;

-- [2/3] alter column profile.author_id (unique)
-- OUTSIDE TRANSACTION: the unique index is built CONCURRENTLY (no transaction allowed) and then attached as the constraint
CREATE UNIQUE INDEX CONCURRENTLY "profile_author_id_key" ON "profile" ("author_id");
ALTER TABLE "profile" ADD CONSTRAINT "profile_author_id_key" UNIQUE USING INDEX "profile_author_id_key";

-- [3/3] set comment on table profile
COMMENT ON TABLE "profile" IS 'Public details of an author: at most one per author again (pen names live here).';
