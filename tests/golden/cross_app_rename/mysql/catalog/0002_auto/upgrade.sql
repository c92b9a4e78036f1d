-- migrator upgrade: catalog 0002_auto (mysql)
-- parent: 0001_initial
-- This database commits DDL implicitly: the runner records each statement as it runs and resumes after a failure.

-- [1/2] rename column catalog_category.code to slug
ALTER TABLE `catalog_category` RENAME COLUMN `code` TO `slug`, RENAME INDEX `code` TO `slug`;

-- [2/2] add column catalog_category.description
-- note: ALGORITHM=INSTANT: a metadata change, the table stays writable
ALTER TABLE `catalog_category` ADD COLUMN `description` LONGTEXT, ALGORITHM=INSTANT;
