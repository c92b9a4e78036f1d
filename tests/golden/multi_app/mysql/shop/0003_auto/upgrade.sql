-- migrator upgrade: shop 0003_auto (mysql)
-- parent: 0002_create_table_shop_order_item
-- This database commits DDL implicitly: the runner records each statement as it runs and resumes after a failure.

-- [1/2] add column shop_product.seller_id
-- note: the server may copy the table here, blocking writes until it is done (a new foreign key is checked against every row)
ALTER TABLE `shop_product` ADD COLUMN `seller_id` INT COMMENT 'NULL for products the shop sells itself', ADD CONSTRAINT `fk_shop_pro_users_us_c1dc302d` FOREIGN KEY (`seller_id`) REFERENCES `users_user` (`id`) ON DELETE SET NULL;

-- [2/2] set comment on table shop_product
ALTER TABLE `shop_product` COMMENT='Something for sale; since version 3 users may sell their own products.';
