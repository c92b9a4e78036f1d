-- migrator upgrade: models 0004_auto (postgres)
-- parent: 0003_auto
-- Blocks marked OUTSIDE TRANSACTION run without a transaction, each statement
-- committing on its own; the other blocks run in transactions (no BEGIN/COMMIT
-- here). The runner records each step as it runs and resumes after a failure.

-- [1/5] drop index idx_specimen_nicknam_403e88 on specimen
-- OUTSIDE TRANSACTION: DROP INDEX CONCURRENTLY does not block writes, and cannot run in a transaction
DROP INDEX CONCURRENTLY "idx_specimen_nicknam_403e88";

-- [2/5] alter column specimen.code (type)
-- DESTRUCTIVE: this can lose data; review before applying
ALTER TABLE "specimen" ALTER COLUMN "code" TYPE VARCHAR(120);

-- [3/5] alter column specimen.color (type, default, comment)
ALTER TABLE "specimen" ALTER COLUMN "color" DROP DEFAULT;
ALTER TABLE "specimen" ALTER COLUMN "color" TYPE VARCHAR(6);
ALTER TABLE "specimen" ALTER COLUMN "color" SET DEFAULT 'green';
COMMENT ON COLUMN "specimen"."color" IS 'RED: red\nGREEN: green\nBLUE: blue\nPURPLE: purple';

-- [4/5] alter column specimen.label (unique)
ALTER TABLE "specimen" DROP CONSTRAINT "specimen_label_key";

-- [5/5] add column specimen.checked_at
ALTER TABLE "specimen" ADD COLUMN "checked_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP;
COMMENT ON COLUMN "specimen"."checked_at" IS 'Last integrity check; existing rows get the migration time';
