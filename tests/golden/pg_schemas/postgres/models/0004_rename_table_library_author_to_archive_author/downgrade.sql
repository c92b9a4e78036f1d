-- migrator downgrade: models 0004_rename_table_library_author_to_archive_author (postgres)
-- parent: 0003_auto
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/1] rename table archive.author to library.author
ALTER TABLE "archive"."author" SET SCHEMA "library";
