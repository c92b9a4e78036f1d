-- migrator downgrade: models 0002_rename_column_library_author_name_to_full_name (postgres)
-- parent: 0001_initial
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/1] rename column library.author.full_name to name
ALTER TABLE "library"."author" RENAME COLUMN "full_name" TO "name";
