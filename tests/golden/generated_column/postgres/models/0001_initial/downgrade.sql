-- migrator downgrade: models 0001_initial (postgres)
-- parent: none (first migration)
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/1] drop table article
-- DESTRUCTIVE: this can lose data; review before applying
DROP TABLE "article";
