-- migrator downgrade: catalog 0002_auto (mysql)
-- parent: 0001_initial
-- This database commits DDL implicitly: the runner records each statement as it runs and resumes after a failure.

-- [1/2] drop column catalog_category.description (undoes upgrade [2/2])
-- DESTRUCTIVE: this can lose data; review before applying
-- note: ALGORITHM=INSTANT: a metadata change, the table stays writable
ALTER TABLE `catalog_category` DROP COLUMN `description`, ALGORITHM=INSTANT;

-- [2/2] rename column catalog_category.slug to code (undoes upgrade [1/2])
ALTER TABLE `catalog_category` RENAME COLUMN `slug` TO `code`, RENAME INDEX `slug` TO `code`;
