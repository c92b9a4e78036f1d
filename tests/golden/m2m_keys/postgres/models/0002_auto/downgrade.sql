-- migrator downgrade: models 0002_auto (postgres)
-- parent: 0001_initial
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/2] alter column zine_tag.tag_id (type)
-- DESTRUCTIVE: this can lose data; review before applying
ALTER TABLE "zine_tag" ALTER COLUMN "tag_id" TYPE INT USING "tag_id"::INT;

-- [2/2] alter column tag.id (type, identity)
-- DESTRUCTIVE: this can lose data; review before applying
ALTER TABLE "tag" ALTER COLUMN "id" TYPE INT USING "id"::INT;
ALTER SEQUENCE "tag_id_seq" AS INT;
