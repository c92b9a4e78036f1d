-- migrator downgrade: models 0002_auto (postgres)
-- parent: 0001_initial
-- Blocks marked OUTSIDE TRANSACTION run without a transaction, each statement
-- committing on its own; the other blocks run in transactions (no BEGIN/COMMIT
-- here). The runner records each step as it runs and resumes after a failure.

-- [1/6] alter column specimen.quantity (null, default) (undoes upgrade [6/6])
ALTER TABLE "specimen" ALTER COLUMN "quantity" DROP DEFAULT;
ALTER TABLE "specimen" ALTER COLUMN "quantity" DROP NOT NULL;

-- [2/6] alter column specimen.ratio (default) (undoes upgrade [5/6])
ALTER TABLE "specimen" ALTER COLUMN "ratio" DROP DEFAULT;
ALTER TABLE "specimen" ALTER COLUMN "ratio" SET DEFAULT 1.5;

-- [3/6] alter column specimen.code (type) (undoes upgrade [4/6])
-- DESTRUCTIVE: this can lose data; review before applying
ALTER TABLE "specimen" ALTER COLUMN "code" TYPE VARCHAR(50);

-- [4/6] alter column specimen.level (default) (undoes upgrade [3/6])
ALTER TABLE "specimen" ALTER COLUMN "level" DROP DEFAULT;

-- [5/6] alter column specimen.small (type) (undoes upgrade [2/6])
-- DESTRUCTIVE: this can lose data; review before applying
ALTER TABLE "specimen" ALTER COLUMN "small" DROP DEFAULT;
ALTER TABLE "specimen" ALTER COLUMN "small" TYPE SMALLINT USING "small"::SMALLINT;
ALTER TABLE "specimen" ALTER COLUMN "small" SET DEFAULT 1;

-- [6/6] alter column specimen.counter (type) (undoes upgrade [1/6])
-- DESTRUCTIVE: this can lose data; review before applying
ALTER TABLE "specimen" ALTER COLUMN "counter" DROP DEFAULT;
ALTER TABLE "specimen" ALTER COLUMN "counter" TYPE INT USING "counter"::INT;
ALTER TABLE "specimen" ALTER COLUMN "counter" SET DEFAULT 0;
