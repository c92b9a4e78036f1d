-- migrator downgrade: models 0004_create_table_zine_reader (postgres)
-- parent: 0003_auto
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/1] drop table zine_reader
-- DESTRUCTIVE: this can lose data; review before applying
DROP TABLE "zine_reader";
