-- migrator downgrade: store 0002_auto (mysql)
-- parent: 0001_initial
-- This database commits DDL implicitly: the runner records each statement as it runs and resumes after a failure.

-- [1/2] alter column store_item.category_id (foreign key) (undoes upgrade [2/2])
-- note: the server may copy the table here, blocking writes until it is done (a new foreign key is checked against every row)
ALTER TABLE `store_item` DROP FOREIGN KEY `fk_store_it_catalog__fce4d9f8`;
ALTER TABLE `store_item` RENAME INDEX `fk_store_it_catalog__fce4d9f8` TO `fk_store_it_catalog__d7786ee4`;
ALTER TABLE `store_item` ADD CONSTRAINT `fk_store_it_catalog__d7786ee4` FOREIGN KEY (`category_id`) REFERENCES `catalog_category` (`slug`) ON DELETE CASCADE;

-- [2/2] drop column store_item.price (undoes upgrade [1/2])
-- DESTRUCTIVE: this can lose data; review before applying
-- note: ALGORITHM=INSTANT: a metadata change, the table stays writable
ALTER TABLE `store_item` DROP COLUMN `price`, ALGORITHM=INSTANT;
