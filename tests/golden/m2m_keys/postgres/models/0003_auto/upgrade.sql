-- migrator upgrade: models 0003_auto (postgres)
-- parent: 0002_auto
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/2] alter column zine.id (type, identity)
ALTER TABLE "zine" ALTER COLUMN "id" TYPE BIGINT USING "id"::BIGINT;
ALTER SEQUENCE "zine_id_seq" AS BIGINT;

-- [2/2] alter column zine_tag.zine_id (type)
ALTER TABLE "zine_tag" ALTER COLUMN "zine_id" TYPE BIGINT USING "zine_id"::BIGINT;
