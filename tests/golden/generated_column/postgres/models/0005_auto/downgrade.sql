-- migrator downgrade: models 0005_auto (postgres)
-- parent: 0004_auto
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/2] alter column article.search (type)
-- note: PostgreSQL renames columns in a generated column's expression itself: the statements use the column names the table has at this point of the migration
-- (nothing to run on this database)

-- [2/2] rename column article.standfirst to subtitle
ALTER TABLE "article" RENAME COLUMN "standfirst" TO "subtitle";
