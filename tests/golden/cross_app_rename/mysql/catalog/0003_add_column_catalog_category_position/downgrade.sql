-- migrator downgrade: catalog 0003_add_column_catalog_category_position (mysql)
-- parent: 0002_auto
-- This database commits DDL implicitly: the runner records each statement as it runs and resumes after a failure.

-- [1/1] drop column catalog_category.position (undoes upgrade [1/1])
-- DESTRUCTIVE: this can lose data; review before applying
-- note: ALGORITHM=INSTANT: a metadata change, the table stays writable
ALTER TABLE `catalog_category` DROP COLUMN `position`, ALGORITHM=INSTANT;
