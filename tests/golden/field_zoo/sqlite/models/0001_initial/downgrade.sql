-- migrator downgrade: models 0001_initial (sqlite)
-- parent: none (first migration)
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/2] drop table token
-- DESTRUCTIVE: this can lose data; review before applying
DROP TABLE "token";

-- [2/2] drop table specimen
-- DESTRUCTIVE: this can lose data; review before applying
DROP TABLE "specimen";
