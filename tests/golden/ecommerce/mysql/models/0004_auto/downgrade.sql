-- migrator downgrade: models 0004_auto (mysql)
-- parent: 0003_auto
-- This database commits DDL implicitly: the runner records each statement as it runs and resumes after a failure.

-- [1/9] rename unique uid_order_item_order_i_f9acee to uid_order_line_order_i_b6b97c on order_item (undoes upgrade [9/9])
ALTER TABLE `order_item` RENAME INDEX `uid_order_item_order_i_f9acee` TO `uid_order_line_order_i_b6b97c`;

-- [2/9] alter column order_item.product_id (foreign key) (undoes upgrade [8/9])
-- note: the server may copy the table here, blocking writes until it is done (a new foreign key is checked against every row)
ALTER TABLE `order_item` DROP FOREIGN KEY `fk_order_it_item_adc4f658`;
ALTER TABLE `order_item` RENAME INDEX `fk_order_it_item_adc4f658` TO `fk_order_li_item_cadec219`;
ALTER TABLE `order_item` ADD CONSTRAINT `fk_order_li_item_cadec219` FOREIGN KEY (`product_id`) REFERENCES `item` (`id`) ON DELETE RESTRICT;

-- [3/9] alter column order_item.order_id (foreign key) (undoes upgrade [7/9])
-- note: the server may copy the table here, blocking writes until it is done (a new foreign key is checked against every row)
ALTER TABLE `order_item` DROP FOREIGN KEY `fk_order_it_order_23934b93`;
ALTER TABLE `order_item` ADD CONSTRAINT `fk_order_li_order_9e1e9b1f` FOREIGN KEY (`order_id`) REFERENCES `order` (`id`) ON DELETE CASCADE;

-- [4/9] add column order.coupon_code (undoes upgrade [6/9])
-- note: ALGORITHM=INSTANT: a metadata change, the table stays writable
ALTER TABLE `order` ADD COLUMN `coupon_code` VARCHAR(30), ALGORITHM=INSTANT;

-- [5/9] set comment on table category (undoes upgrade [5/9])
ALTER TABLE `category` COMMENT='A node in the catalogue tree.';

-- [6/9] alter column category.slug (comment) (undoes upgrade [4/9])
ALTER TABLE `category` MODIFY COLUMN `slug` VARCHAR(100) NOT NULL;

-- [7/9] alter column category.name (comment) (undoes upgrade [3/9])
ALTER TABLE `category` MODIFY COLUMN `name` VARCHAR(100) NOT NULL;

-- [8/9] add index idx_order_created on order (undoes upgrade [2/9])
-- note: ALGORITHM=INPLACE, LOCK=NONE: built in place while reads and writes go on
ALTER TABLE `order` ADD INDEX `idx_order_created` (`created_at`), ALGORITHM=INPLACE, LOCK=NONE;

-- [9/9] rename table order_item to order_line (undoes upgrade [1/9])
RENAME TABLE `order_item` TO `order_line`;
