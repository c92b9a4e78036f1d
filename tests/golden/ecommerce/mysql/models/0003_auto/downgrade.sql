-- migrator downgrade: models 0003_auto (mysql)
-- parent: 0002_auto
-- This database commits DDL implicitly: the runner records each statement as it runs and resumes after a failure.

-- [1/11] alter column order_line.product_id (foreign key) (undoes upgrade [11/11])
-- note: the server may copy the table here, blocking writes until it is done (a new foreign key is checked against every row)
ALTER TABLE `order_line` DROP FOREIGN KEY `fk_order_li_item_cadec219`;
ALTER TABLE `order_line` RENAME INDEX `fk_order_li_item_cadec219` TO `fk_order_li_product_33989ed4`;
ALTER TABLE `order_line` ADD CONSTRAINT `fk_order_li_product_33989ed4` FOREIGN KEY (`product_id`) REFERENCES `item` (`id`) ON DELETE RESTRICT;

-- [2/11] rename index uidx_item_tag_item_id_aa205c to uidx_product_tag_product_1dd626 on item_tag (undoes upgrade [10/11])
ALTER TABLE `item_tag` RENAME INDEX `uidx_item_tag_item_id_aa205c` TO `uidx_product_tag_product_1dd626`;

-- [3/11] set comment on table item (undoes upgrade [9/11])
ALTER TABLE `item` COMMENT='Something we sell.';

-- [4/11] rename index idx_item_categor_e76015 to idx_product_categor_941d41 on item (undoes upgrade [8/11])
ALTER TABLE `item` RENAME INDEX `idx_item_categor_e76015` TO `idx_product_categor_941d41`;

-- [5/11] alter column item.category_id (foreign key) (undoes upgrade [7/11])
-- note: the server may copy the table here, blocking writes until it is done (a new foreign key is checked against every row)
ALTER TABLE `item` DROP FOREIGN KEY `fk_item_category_128c2548`;
ALTER TABLE `item` ADD CONSTRAINT `fk_product_category_b9cd9984` FOREIGN KEY (`category_id`) REFERENCES `category` (`id`) ON DELETE RESTRICT;

-- [6/11] rename column user.last_name to __migrator_tmp_first_name (undoes upgrade [6/11])
ALTER TABLE `user` RENAME COLUMN `last_name` TO `__migrator_tmp_first_name`;

-- [7/11] rename column user.first_name to last_name (undoes upgrade [5/11])
ALTER TABLE `user` RENAME COLUMN `first_name` TO `last_name`;

-- [8/11] rename column user.__migrator_tmp_first_name to first_name (undoes upgrade [4/11])
ALTER TABLE `user` RENAME COLUMN `__migrator_tmp_first_name` TO `first_name`;

-- [9/11] rename column item_tag.item_id to product_id (undoes upgrade [3/11])
ALTER TABLE `item_tag` RENAME COLUMN `item_id` TO `product_id`;

-- [10/11] rename table item_tag to product_tag (undoes upgrade [2/11])
RENAME TABLE `item_tag` TO `product_tag`;

-- [11/11] rename table item to product (undoes upgrade [1/11])
RENAME TABLE `item` TO `product`;
