-- migrator upgrade: store 0004_add_column_store_item_note (mysql)
-- parent: 0003_add_column_store_item_stock
-- This database commits DDL implicitly: the runner records each statement as it runs and resumes after a failure.

-- [1/1] add column store_item.note
-- note: ALGORITHM=INSTANT: a metadata change, the table stays writable
ALTER TABLE `store_item` ADD COLUMN `note` VARCHAR(200), ALGORITHM=INSTANT;
