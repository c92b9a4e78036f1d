-- migrator downgrade: models 0003_auto (postgres)
-- parent: 0002_auto
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/2] alter column zine_tag.zine_id (type)
-- DESTRUCTIVE: this can lose data; review before applying
ALTER TABLE "zine_tag" ALTER COLUMN "zine_id" TYPE INT USING "zine_id"::INT;

-- [2/2] alter column zine.id (type, identity)
-- DESTRUCTIVE: this can lose data; review before applying
ALTER TABLE "zine" ALTER COLUMN "id" TYPE INT USING "id"::INT;
ALTER SEQUENCE "zine_id_seq" AS INT;
