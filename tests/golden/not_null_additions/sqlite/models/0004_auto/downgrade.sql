-- migrator downgrade: models 0004_auto (sqlite)
-- parent: 0003_auto
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/2] drop column event.updated_at
-- DESTRUCTIVE: this can lose data; review before applying
ALTER TABLE "event" DROP COLUMN "updated_at";

-- [2/2] drop column event.created_at
-- DESTRUCTIVE: this can lose data; review before applying
ALTER TABLE "event" DROP COLUMN "created_at";
