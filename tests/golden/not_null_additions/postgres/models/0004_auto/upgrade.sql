-- migrator upgrade: models 0004_auto (postgres)
-- parent: 0003_auto
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/2] add column event.created_at
ALTER TABLE "event" ADD COLUMN "created_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP;
ALTER TABLE "event" ALTER COLUMN "created_at" DROP DEFAULT;

-- [2/2] add column event.updated_at
ALTER TABLE "event" ADD COLUMN "updated_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP;
ALTER TABLE "event" ALTER COLUMN "updated_at" DROP DEFAULT;
