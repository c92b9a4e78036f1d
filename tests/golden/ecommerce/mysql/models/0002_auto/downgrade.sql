-- migrator downgrade: models 0002_auto (mysql)
-- parent: 0001_initial
-- This database commits DDL implicitly: the runner records each statement as it runs and resumes after a failure.

-- [1/6] alter column user.handle (comment) (undoes upgrade [6/6])
ALTER TABLE `user` MODIFY COLUMN `handle` VARCHAR(50) NOT NULL COMMENT 'Public login name';

-- [2/6] set comment on table tag (undoes upgrade [5/6])
ALTER TABLE `tag` COMMENT='';

-- [3/6] drop column product.is_active (undoes upgrade [4/6])
-- DESTRUCTIVE: this can lose data; review before applying
-- note: ALGORITHM=INSTANT: a metadata change, the table stays writable
ALTER TABLE `product` DROP COLUMN `is_active`, ALGORITHM=INSTANT;

-- [4/6] drop column product.description (undoes upgrade [3/6])
-- DESTRUCTIVE: this can lose data; review before applying
-- note: ALGORITHM=INSTANT: a metadata change, the table stays writable
ALTER TABLE `product` DROP COLUMN `description`, ALGORITHM=INSTANT;

-- [5/6] drop index idx_order_created on order (undoes upgrade [2/6])
-- note: ALGORITHM=INPLACE, LOCK=NONE: built in place while reads and writes go on
ALTER TABLE `order` DROP INDEX `idx_order_created`, ALGORITHM=INPLACE, LOCK=NONE;

-- [6/6] rename column user.handle to username (undoes upgrade [1/6])
ALTER TABLE `user` RENAME COLUMN `handle` TO `username`, RENAME INDEX `handle` TO `username`;
