-- migrator upgrade: models 0002_auto (postgres)
-- parent: 0001_initial
-- Blocks marked OUTSIDE TRANSACTION run without a transaction, each statement
-- committing on its own; the other blocks run in transactions (no BEGIN/COMMIT
-- here). The runner records each step as it runs and resumes after a failure.

-- [1/6] alter column specimen.counter (type)
ALTER TABLE "specimen" ALTER COLUMN "counter" DROP DEFAULT;
ALTER TABLE "specimen" ALTER COLUMN "counter" TYPE BIGINT USING "counter"::BIGINT;
ALTER TABLE "specimen" ALTER COLUMN "counter" SET DEFAULT 0;

-- [2/6] alter column specimen.small (type)
ALTER TABLE "specimen" ALTER COLUMN "small" DROP DEFAULT;
ALTER TABLE "specimen" ALTER COLUMN "small" TYPE INT USING "small"::INT;
ALTER TABLE "specimen" ALTER COLUMN "small" SET DEFAULT 1;

-- [3/6] alter column specimen.level (default)
ALTER TABLE "specimen" ALTER COLUMN "level" SET DEFAULT 5;

-- [4/6] alter column specimen.code (type)
ALTER TABLE "specimen" ALTER COLUMN "code" TYPE VARCHAR(200);

-- [5/6] alter column specimen.ratio (default)
ALTER TABLE "specimen" ALTER COLUMN "ratio" DROP DEFAULT;
ALTER TABLE "specimen" ALTER COLUMN "ratio" SET DEFAULT 2.5;

-- [6/6] alter column specimen.quantity (null, default)
-- OUTSIDE TRANSACTION: NOT NULL is proven by a NOT VALID check validated in its own transaction, so SET NOT NULL needs no scan under an exclusive lock
UPDATE "specimen" SET "quantity" = 0 WHERE "quantity" IS NULL;
ALTER TABLE "specimen" ADD CONSTRAINT "specimen_quantity_not_null" CHECK ("quantity" IS NOT NULL) NOT VALID;
ALTER TABLE "specimen" VALIDATE CONSTRAINT "specimen_quantity_not_null";
ALTER TABLE "specimen" ALTER COLUMN "quantity" SET NOT NULL;
ALTER TABLE "specimen" DROP CONSTRAINT "specimen_quantity_not_null";
ALTER TABLE "specimen" ALTER COLUMN "quantity" SET DEFAULT 0;
