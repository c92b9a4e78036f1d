-- migrator upgrade: store 0003_add_column_store_item_stock (mysql)
-- parent: 0002_auto
-- This database commits DDL implicitly: the runner records each statement as it runs and resumes after a failure.

-- [1/1] add column store_item.stock
-- note: ALGORITHM=INSTANT: a metadata change, the table stays writable
ALTER TABLE `store_item` ADD COLUMN `stock` INT NOT NULL DEFAULT 0, ALGORITHM=INSTANT;
ALTER TABLE `store_item` ALTER COLUMN `stock` DROP DEFAULT, ALGORITHM=INSTANT;
