-- migrator upgrade: models 0002_auto (mysql)
-- parent: 0001_initial
-- This database commits DDL implicitly: the runner records each statement as it runs and resumes after a failure.

-- [1/6] rename column user.username to handle
ALTER TABLE `user` RENAME COLUMN `username` TO `handle`, RENAME INDEX `username` TO `handle`;

-- [2/6] add index idx_order_created on order
-- note: ALGORITHM=INPLACE, LOCK=NONE: built in place while reads and writes go on
ALTER TABLE `order` ADD INDEX `idx_order_created` (`created_at`), ALGORITHM=INPLACE, LOCK=NONE;

-- [3/6] add column product.description
-- note: ALGORITHM=INSTANT: a metadata change, the table stays writable
ALTER TABLE `product` ADD COLUMN `description` LONGTEXT COMMENT 'Long marketing copy; optional', ALGORITHM=INSTANT;

-- [4/6] add column product.is_active
-- note: ALGORITHM=INSTANT: a metadata change, the table stays writable
ALTER TABLE `product` ADD COLUMN `is_active` BOOL NOT NULL COMMENT 'Listed in the shop' DEFAULT TRUE, ALGORITHM=INSTANT;

-- [5/6] set comment on table tag
ALTER TABLE `tag` COMMENT='A free-form label shoppers can filter by.';

-- [6/6] alter column user.handle (comment)
ALTER TABLE `user` MODIFY COLUMN `handle` VARCHAR(50) NOT NULL COMMENT 'Public login name, shown next to reviews';
