-- migrator downgrade: store 0003_add_column_store_item_stock (mysql)
-- parent: 0002_auto
-- This database commits DDL implicitly: the runner records each statement as it runs and resumes after a failure.

-- [1/1] drop column store_item.stock (undoes upgrade [1/1])
-- DESTRUCTIVE: this can lose data; review before applying
-- note: ALGORITHM=INSTANT: a metadata change, the table stays writable
ALTER TABLE `store_item` DROP COLUMN `stock`, ALGORITHM=INSTANT;
