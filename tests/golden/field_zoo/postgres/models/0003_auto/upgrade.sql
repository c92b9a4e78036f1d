-- migrator upgrade: models 0003_auto (postgres)
-- parent: 0002_auto
-- Blocks marked OUTSIDE TRANSACTION run without a transaction, each statement
-- committing on its own; the other blocks run in transactions (no BEGIN/COMMIT
-- here). The runner records each step as it runs and resumes after a failure.

-- [1/7] create table token_use
CREATE TABLE "token_use" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "used_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "token_id" UUID NOT NULL REFERENCES "token" ("id") ON DELETE CASCADE
);
COMMENT ON TABLE "token_use" IS 'One use of a token: a foreign key to a UUID primary key.';

-- [2/7] alter column specimen.title (type)
ALTER TABLE "specimen" ALTER COLUMN "title" TYPE TEXT USING "title"::TEXT;

-- [3/7] alter column specimen.flag (default)
ALTER TABLE "specimen" ALTER COLUMN "flag" DROP DEFAULT;

-- [4/7] alter column specimen.price (type)
ALTER TABLE "specimen" ALTER COLUMN "price" DROP DEFAULT;
ALTER TABLE "specimen" ALTER COLUMN "price" TYPE DECIMAL(12,4) USING "price"::DECIMAL(12,4);
ALTER TABLE "specimen" ALTER COLUMN "price" SET DEFAULT 0.00;

-- [5/7] alter column specimen.rank (null)
ALTER TABLE "specimen" ALTER COLUMN "rank" DROP NOT NULL;

-- [6/7] alter column specimen.label (unique)
-- OUTSIDE TRANSACTION: the unique index is built CONCURRENTLY (no transaction allowed) and then attached as the constraint
CREATE UNIQUE INDEX CONCURRENTLY "specimen_label_key" ON "specimen" ("label");
ALTER TABLE "specimen" ADD CONSTRAINT "specimen_label_key" UNIQUE USING INDEX "specimen_label_key";

-- [7/7] add index idx_specimen_nicknam_403e88 on specimen
-- OUTSIDE TRANSACTION: CREATE INDEX CONCURRENTLY builds the index while writes go on, and cannot run in a transaction
CREATE INDEX CONCURRENTLY "idx_specimen_nicknam_403e88" ON "specimen" ("nickname");
