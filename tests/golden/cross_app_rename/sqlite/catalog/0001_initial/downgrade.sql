-- migrator downgrade: catalog 0001_initial (sqlite)
-- parent: none (first migration)
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/1] drop table catalog_category
-- DESTRUCTIVE: this can lose data; review before applying
DROP TABLE "catalog_category";
