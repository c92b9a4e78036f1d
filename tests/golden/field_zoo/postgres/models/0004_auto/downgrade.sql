-- migrator downgrade: models 0004_auto (postgres)
-- parent: 0003_auto
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/5] drop column specimen.checked_at
-- DESTRUCTIVE: this can lose data; review before applying
ALTER TABLE "specimen" DROP COLUMN "checked_at";

-- [2/5] alter column specimen.label (unique)
ALTER TABLE "specimen" ADD CONSTRAINT "specimen_label_key" UNIQUE ("label");

-- [3/5] alter column specimen.color (type, default, comment)
-- DESTRUCTIVE: this can lose data; review before applying
ALTER TABLE "specimen" ALTER COLUMN "color" DROP DEFAULT;
ALTER TABLE "specimen" ALTER COLUMN "color" TYPE VARCHAR(5);
ALTER TABLE "specimen" ALTER COLUMN "color" SET DEFAULT 'red';
COMMENT ON COLUMN "specimen"."color" IS 'RED: red\nGREEN: green\nBLUE: blue';

-- [4/5] alter column specimen.code (type)
ALTER TABLE "specimen" ALTER COLUMN "code" TYPE VARCHAR(200);

-- [5/5] add index idx_specimen_nicknam_403e88 on specimen
CREATE INDEX "idx_specimen_nicknam_403e88" ON "specimen" ("nickname");
