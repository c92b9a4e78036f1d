-- migrator downgrade: shop 0003_auto (mysql)
-- parent: 0002_create_table_shop_order_item
-- This database commits DDL implicitly: the runner records each statement as it runs and resumes after a failure.

-- [1/2] set comment on table shop_product (undoes upgrade [2/2])
ALTER TABLE `shop_product` COMMENT='';

-- [2/2] drop column shop_product.seller_id (undoes upgrade [1/2])
-- DESTRUCTIVE: this can lose data; review before applying
ALTER TABLE `shop_product` DROP FOREIGN KEY `fk_shop_pro_users_us_c1dc302d`, DROP COLUMN `seller_id`;
