-- migrator downgrade: models 0003_auto (postgres)
-- parent: 0002_auto
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/7] drop index idx_specimen_nicknam_403e88 on specimen
DROP INDEX "idx_specimen_nicknam_403e88";

-- [2/7] alter column specimen.label (unique)
ALTER TABLE "specimen" DROP CONSTRAINT "specimen_label_key";

-- [3/7] alter column specimen.rank (null)
ALTER TABLE "specimen" ALTER COLUMN "rank" SET NOT NULL;

-- [4/7] alter column specimen.price (type)
-- DESTRUCTIVE: this can lose data; review before applying
ALTER TABLE "specimen" ALTER COLUMN "price" DROP DEFAULT;
ALTER TABLE "specimen" ALTER COLUMN "price" TYPE DECIMAL(10,2) USING "price"::DECIMAL(10,2);
ALTER TABLE "specimen" ALTER COLUMN "price" SET DEFAULT 0.00;

-- [5/7] alter column specimen.flag (default)
ALTER TABLE "specimen" ALTER COLUMN "flag" SET DEFAULT FALSE;

-- [6/7] alter column specimen.title (type)
-- DESTRUCTIVE: this can lose data; review before applying
ALTER TABLE "specimen" ALTER COLUMN "title" TYPE VARCHAR(100);

-- [7/7] drop table token_use
-- DESTRUCTIVE: this can lose data; review before applying
DROP TABLE "token_use";
