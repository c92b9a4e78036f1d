-- migrator upgrade: models 0004_auto (mysql)
-- parent: 0003_auto
-- This database commits DDL implicitly: the runner records each statement as it runs and resumes after a failure.

-- [1/9] rename table order_line to order_item
RENAME TABLE `order_line` TO `order_item`;

-- [2/9] drop index idx_order_created on order
-- note: ALGORITHM=INPLACE, LOCK=NONE: built in place while reads and writes go on
ALTER TABLE `order` DROP INDEX `idx_order_created`, ALGORITHM=INPLACE, LOCK=NONE;

-- [3/9] alter column category.name (comment)
ALTER TABLE `category` MODIFY COLUMN `name` VARCHAR(100) NOT NULL COMMENT 'Display name';

-- [4/9] alter column category.slug (comment)
ALTER TABLE `category` MODIFY COLUMN `slug` VARCHAR(100) NOT NULL COMMENT 'URL path segment';

-- [5/9] set comment on table category
ALTER TABLE `category` COMMENT='Catalogue tree; a NULL parent marks a top-level category';

-- [6/9] drop column order.coupon_code
-- DESTRUCTIVE: this can lose data; review before applying
-- note: ALGORITHM=INSTANT: a metadata change, the table stays writable
ALTER TABLE `order` DROP COLUMN `coupon_code`, ALGORITHM=INSTANT;

-- [7/9] alter column order_item.order_id (foreign key)
-- note: the server may copy the table here, blocking writes until it is done (a new foreign key is checked against every row)
ALTER TABLE `order_item` DROP FOREIGN KEY `fk_order_li_order_9e1e9b1f`;
ALTER TABLE `order_item` ADD CONSTRAINT `fk_order_it_order_23934b93` FOREIGN KEY (`order_id`) REFERENCES `order` (`id`) ON DELETE CASCADE;

-- [8/9] alter column order_item.product_id (foreign key)
-- note: the server may copy the table here, blocking writes until it is done (a new foreign key is checked against every row)
ALTER TABLE `order_item` DROP FOREIGN KEY `fk_order_li_item_cadec219`;
ALTER TABLE `order_item` RENAME INDEX `fk_order_li_item_cadec219` TO `fk_order_it_item_adc4f658`;
ALTER TABLE `order_item` ADD CONSTRAINT `fk_order_it_item_adc4f658` FOREIGN KEY (`product_id`) REFERENCES `item` (`id`) ON DELETE RESTRICT;

-- [9/9] rename unique uid_order_line_order_i_b6b97c to uid_order_item_order_i_f9acee on order_item
ALTER TABLE `order_item` RENAME INDEX `uid_order_line_order_i_b6b97c` TO `uid_order_item_order_i_f9acee`;
