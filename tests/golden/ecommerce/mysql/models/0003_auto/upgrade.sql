-- migrator upgrade: models 0003_auto (mysql)
-- parent: 0002_auto
-- This database commits DDL implicitly: the runner records each statement as it runs and resumes after a failure.

-- [1/11] rename table product to item
RENAME TABLE `product` TO `item`;

-- [2/11] rename table product_tag to item_tag
RENAME TABLE `product_tag` TO `item_tag`;

-- [3/11] rename column item_tag.product_id to item_id
ALTER TABLE `item_tag` RENAME COLUMN `product_id` TO `item_id`;

-- [4/11] rename column user.first_name to __migrator_tmp_first_name
ALTER TABLE `user` RENAME COLUMN `first_name` TO `__migrator_tmp_first_name`;

-- [5/11] rename column user.last_name to first_name
ALTER TABLE `user` RENAME COLUMN `last_name` TO `first_name`;

-- [6/11] rename column user.__migrator_tmp_first_name to last_name
ALTER TABLE `user` RENAME COLUMN `__migrator_tmp_first_name` TO `last_name`;

-- [7/11] alter column item.category_id (foreign key)
-- note: the server may copy the table here, blocking writes until it is done (a new foreign key is checked against every row)
ALTER TABLE `item` DROP FOREIGN KEY `fk_product_category_b9cd9984`;
ALTER TABLE `item` ADD CONSTRAINT `fk_item_category_128c2548` FOREIGN KEY (`category_id`) REFERENCES `category` (`id`) ON DELETE RESTRICT;

-- [8/11] rename index idx_product_categor_941d41 to idx_item_categor_e76015 on item
ALTER TABLE `item` RENAME INDEX `idx_product_categor_941d41` TO `idx_item_categor_e76015`;

-- [9/11] set comment on table item
ALTER TABLE `item` COMMENT='Something we sell (was "product": the catalogue now also lists services).';

-- [10/11] rename index uidx_product_tag_product_1dd626 to uidx_item_tag_item_id_aa205c on item_tag
ALTER TABLE `item_tag` RENAME INDEX `uidx_product_tag_product_1dd626` TO `uidx_item_tag_item_id_aa205c`;

-- [11/11] alter column order_line.product_id (foreign key)
-- note: the server may copy the table here, blocking writes until it is done (a new foreign key is checked against every row)
ALTER TABLE `order_line` DROP FOREIGN KEY `fk_order_li_product_33989ed4`;
ALTER TABLE `order_line` RENAME INDEX `fk_order_li_product_33989ed4` TO `fk_order_li_item_cadec219`;
ALTER TABLE `order_line` ADD CONSTRAINT `fk_order_li_item_cadec219` FOREIGN KEY (`product_id`) REFERENCES `item` (`id`) ON DELETE RESTRICT;
