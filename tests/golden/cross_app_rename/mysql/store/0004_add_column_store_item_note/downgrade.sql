-- migrator downgrade: store 0004_add_column_store_item_note (mysql)
-- parent: 0003_add_column_store_item_stock
-- This database commits DDL implicitly: the runner records each statement as it runs and resumes after a failure.

-- [1/1] drop column store_item.note (undoes upgrade [1/1])
-- DESTRUCTIVE: this can lose data; review before applying
-- note: ALGORITHM=INSTANT: a metadata change, the table stays writable
ALTER TABLE `store_item` DROP COLUMN `note`, ALGORITHM=INSTANT;
