-- migrator upgrade: models 0004_rename_table_library_author_to_archive_author (postgres)
-- parent: 0003_auto
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/1] rename table library.author to archive.author
CREATE SCHEMA IF NOT EXISTS "archive";
ALTER TABLE "library"."author" SET SCHEMA "archive";
