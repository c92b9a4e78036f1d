-- migrator downgrade: models 0004_auto (postgres)
-- parent: 0003_auto
-- Blocks marked OUTSIDE TRANSACTION run without a transaction, each statement
-- committing on its own; the other blocks run in transactions (no BEGIN/COMMIT
-- here). The runner records each step as it runs and resumes after a failure.

-- [1/3] set comment on table profile (undoes upgrade [3/3])
COMMENT ON TABLE "profile" IS 'Public details of an author: one per pen name, so an author may have several.';

-- [2/3] alter column profile.author_id (unique) (undoes upgrade [2/3])
ALTER TABLE "profile" DROP CONSTRAINT "profile_author_id_key";

-- [3/3] drop column membership.joined_on (undoes upgrade [1/3])
-- DESTRUCTIVE: this can lose data; review before applying
ALTER TABLE "membership" DROP COLUMN "joined_on";
