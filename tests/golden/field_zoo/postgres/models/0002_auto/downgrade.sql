-- migrator downgrade: models 0002_auto (postgres)
-- parent: 0001_initial
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/6] alter column specimen.quantity (null, default)
ALTER TABLE "specimen" ALTER COLUMN "quantity" DROP DEFAULT;
ALTER TABLE "specimen" ALTER COLUMN "quantity" DROP NOT NULL;

-- [2/6] alter column specimen.ratio (default)
ALTER TABLE "specimen" ALTER COLUMN "ratio" DROP DEFAULT;
ALTER TABLE "specimen" ALTER COLUMN "ratio" SET DEFAULT 1.5;

-- [3/6] alter column specimen.code (type)
-- DESTRUCTIVE: this can lose data; review before applying
ALTER TABLE "specimen" ALTER COLUMN "code" TYPE VARCHAR(50);

-- [4/6] alter column specimen.level (default)
ALTER TABLE "specimen" ALTER COLUMN "level" DROP DEFAULT;

-- [5/6] alter column specimen.small (type)
-- DESTRUCTIVE: this can lose data; review before applying
ALTER TABLE "specimen" ALTER COLUMN "small" DROP DEFAULT;
ALTER TABLE "specimen" ALTER COLUMN "small" TYPE SMALLINT USING "small"::SMALLINT;
ALTER TABLE "specimen" ALTER COLUMN "small" SET DEFAULT 1;

-- [6/6] alter column specimen.counter (type)
-- DESTRUCTIVE: this can lose data; review before applying
ALTER TABLE "specimen" ALTER COLUMN "counter" DROP DEFAULT;
ALTER TABLE "specimen" ALTER COLUMN "counter" TYPE INT USING "counter"::INT;
ALTER TABLE "specimen" ALTER COLUMN "counter" SET DEFAULT 0;
