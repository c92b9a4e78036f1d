-- migrator upgrade: models 0002_auto (postgres)
-- parent: 0001_initial
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

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
UPDATE "specimen" SET "quantity" = 0 WHERE "quantity" IS NULL;
ALTER TABLE "specimen" ALTER COLUMN "quantity" SET NOT NULL;
ALTER TABLE "specimen" ALTER COLUMN "quantity" SET DEFAULT 0;
