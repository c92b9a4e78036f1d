-- migrator upgrade: models 0005_auto (postgres)
-- parent: 0004_auto
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/2] rename column article.subtitle to standfirst
ALTER TABLE "article" RENAME COLUMN "subtitle" TO "standfirst";

-- [2/2] alter column article.search (type)
-- note: PostgreSQL renames columns in a generated column's expression itself: the statements use the column names the table has at this point of the migration
-- (nothing to run on this database)
