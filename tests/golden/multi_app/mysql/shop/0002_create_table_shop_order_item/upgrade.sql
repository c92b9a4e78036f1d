-- migrator upgrade: shop 0002_create_table_shop_order_item (mysql)
-- parent: 0001_initial
-- This database commits DDL implicitly: the runner records each statement as it runs and resumes after a failure.

-- [1/1] create table shop_order_item
CREATE TABLE `shop_order_item` (
    `id` INT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `quantity` INT NOT NULL DEFAULT 1,
    `order_id` INT NOT NULL,
    `product_id` INT NOT NULL,
    CONSTRAINT `fk_shop_ord_shop_ord_29100f5e` FOREIGN KEY (`order_id`) REFERENCES `shop_order` (`id`) ON DELETE CASCADE,
    CONSTRAINT `fk_shop_ord_shop_pro_0573705d` FOREIGN KEY (`product_id`) REFERENCES `shop_product` (`id`) ON DELETE RESTRICT
) CHARACTER SET utf8mb4 COMMENT='One product in an order.';
