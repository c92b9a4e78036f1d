-- migrator downgrade: models 0004_auto (postgres)
-- parent: 0003_auto
-- Blocks marked OUTSIDE TRANSACTION run without a transaction, each statement
-- committing on its own; the other blocks run in transactions (no BEGIN/COMMIT
-- here). The runner records each step as it runs and resumes after a failure.

-- [1/5] drop column specimen.checked_at (undoes upgrade [5/5])
-- DESTRUCTIVE: this can lose data; review before applying
ALTER TABLE "specimen" DROP COLUMN "checked_at";

-- [2/5] alter column specimen.label (unique) (undoes upgrade [4/5])
-- OUTSIDE TRANSACTION: the unique index is built CONCURRENTLY (no transaction allowed) and then attached as the constraint
CREATE UNIQUE INDEX CONCURRENTLY "specimen_label_key" ON "specimen" ("label");
ALTER TABLE "specimen" ADD CONSTRAINT "specimen_label_key" UNIQUE USING INDEX "specimen_label_key";

-- [3/5] alter column specimen.color (type, default, comment) (undoes upgrade [3/5])
-- DESTRUCTIVE: this can lose data; review before applying
ALTER TABLE "specimen" ALTER COLUMN "color" DROP DEFAULT;
ALTER TABLE "specimen" ALTER COLUMN "color" TYPE VARCHAR(5);
ALTER TABLE "specimen" ALTER COLUMN "color" SET DEFAULT 'red';
COMMENT ON COLUMN "specimen"."color" IS 'RED: red\nGREEN: green\nBLUE: blue';

-- [4/5] alter column specimen.code (type) (undoes upgrade [2/5])
ALTER TABLE "specimen" ALTER COLUMN "code" TYPE VARCHAR(200);

-- [5/5] add index idx_specimen_nicknam_403e88 on specimen (undoes upgrade [1/5])
-- OUTSIDE TRANSACTION: CREATE INDEX CONCURRENTLY builds the index while writes go on, and cannot run in a transaction
CREATE INDEX CONCURRENTLY "idx_specimen_nicknam_403e88" ON "specimen" ("nickname");
