-- migrator upgrade: catalog 0004_add_column_catalog_category_hidden (mysql)
-- parent: 0003_add_column_catalog_category_position
-- This database commits DDL implicitly: the runner records each statement as it runs and resumes after a failure.

-- [1/1] add column catalog_category.hidden
-- note: ALGORITHM=INSTANT: a metadata change, the table stays writable
ALTER TABLE `catalog_category` ADD COLUMN `hidden` BOOL NOT NULL DEFAULT FALSE, ALGORITHM=INSTANT;
ALTER TABLE `catalog_category` ALTER COLUMN `hidden` DROP DEFAULT, ALGORITHM=INSTANT;
