-- migrator downgrade: store 0001_initial (sqlite)
-- parent: none (first migration)
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/1] drop table store_item
-- DESTRUCTIVE: this can lose data; review before applying
DROP TABLE "store_item";
