-- migrator upgrade: models 0002_auto (postgres)
-- parent: 0001_initial
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/2] alter column tag.id (type, identity)
ALTER TABLE "tag" ALTER COLUMN "id" TYPE BIGINT USING "id"::BIGINT;
ALTER SEQUENCE "tag_id_seq" AS BIGINT;

-- [2/2] alter column zine_tag.tag_id (type)
ALTER TABLE "zine_tag" ALTER COLUMN "tag_id" TYPE BIGINT USING "tag_id"::BIGINT;
