-- migrator upgrade: catalog 0003_add_column_catalog_category_position (mysql)
-- parent: 0002_auto
-- This database commits DDL implicitly: the runner records each statement as it runs and resumes after a failure.

-- [1/1] add column catalog_category.position
-- note: ALGORITHM=INSTANT: a metadata change, the table stays writable
ALTER TABLE `catalog_category` ADD COLUMN `position` INT NOT NULL DEFAULT 0, ALGORITHM=INSTANT;
ALTER TABLE `catalog_category` ALTER COLUMN `position` DROP DEFAULT, ALGORITHM=INSTANT;
