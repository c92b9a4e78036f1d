-- migrator upgrade: shop 0001_initial (mysql)
-- parent: none (first migration)
-- This database commits DDL implicitly: the runner records each statement as it runs and resumes after a failure.

-- [1/2] create table shop_order
CREATE TABLE `shop_order` (
    `id` INT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `placed_at` DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    `note` VARCHAR(200),
    `customer_id` INT NOT NULL,
    CONSTRAINT `fk_shop_ord_users_us_e35e5f3c` FOREIGN KEY (`customer_id`) REFERENCES `users_user` (`id`) ON DELETE CASCADE
) CHARACTER SET utf8mb4 COMMENT='An order; its customer lives in the users app.';

-- [2/2] create table shop_product
CREATE TABLE `shop_product` (
    `id` INT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `name` VARCHAR(200) NOT NULL,
    `price` DECIMAL(10,2) NOT NULL
) CHARACTER SET utf8mb4;
