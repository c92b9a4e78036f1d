-- migrator upgrade: models 0001_initial (mysql)
-- parent: none (first migration)
-- This database commits DDL implicitly: the runner records each statement as it runs and resumes after a failure.

-- [1/7] create table category
CREATE TABLE `category` (
    `id` INT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `name` VARCHAR(100) NOT NULL,
    `slug` VARCHAR(100) NOT NULL UNIQUE,
    `parent_id` INT,
    CONSTRAINT `fk_category_category_0e124d68` FOREIGN KEY (`parent_id`) REFERENCES `category` (`id`) ON DELETE SET NULL
) CHARACTER SET utf8mb4 COMMENT='A node in the catalogue tree.';

-- [2/7] create table tag
CREATE TABLE `tag` (
    `id` INT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `name` VARCHAR(50) NOT NULL UNIQUE
) CHARACTER SET utf8mb4;

-- [3/7] create table user
CREATE TABLE `user` (
    `created_at` DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    `updated_at` DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    `id` INT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `username` VARCHAR(50) NOT NULL UNIQUE COMMENT 'Public login name',
    `email` VARCHAR(255) NOT NULL UNIQUE COMMENT 'Contact address',
    `first_name` VARCHAR(50) NOT NULL,
    `last_name` VARCHAR(50) NOT NULL
) CHARACTER SET utf8mb4 COMMENT='A registered customer.';

-- [4/7] create table order
CREATE TABLE `order` (
    `created_at` DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    `updated_at` DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    `id` INT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `status` VARCHAR(20) NOT NULL DEFAULT 'new',
    `total` DECIMAL(12,2) NOT NULL DEFAULT 0,
    `coupon_code` VARCHAR(30),
    `user_id` INT NOT NULL,
    CONSTRAINT `fk_order_user_cdb58a4e` FOREIGN KEY (`user_id`) REFERENCES `user` (`id`) ON DELETE CASCADE,
    KEY `idx_order_user_status` (`user_id`, `status`)
) CHARACTER SET utf8mb4 COMMENT='A customer''s basket once checked out.';

-- [5/7] create table product
CREATE TABLE `product` (
    `created_at` DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    `updated_at` DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    `id` INT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `name` VARCHAR(200) NOT NULL,
    `sku` VARCHAR(32) NOT NULL UNIQUE,
    `price` DECIMAL(10,2) NOT NULL COMMENT 'Unit price in the shop currency',
    `stock` INT NOT NULL DEFAULT 0,
    `category_id` INT NOT NULL,
    CONSTRAINT `fk_product_category_b9cd9984` FOREIGN KEY (`category_id`) REFERENCES `category` (`id`) ON DELETE RESTRICT,
    KEY `idx_product_categor_941d41` (`category_id`, `name`)
) CHARACTER SET utf8mb4 COMMENT='Something we sell.';

-- [6/7] create table order_line
CREATE TABLE `order_line` (
    `id` INT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `quantity` INT NOT NULL,
    `unit_price` DECIMAL(10,2) NOT NULL,
    `order_id` INT NOT NULL,
    `product_id` INT NOT NULL,
    UNIQUE KEY `uid_order_line_order_i_b6b97c` (`order_id`, `product_id`),
    CONSTRAINT `fk_order_li_order_9e1e9b1f` FOREIGN KEY (`order_id`) REFERENCES `order` (`id`) ON DELETE CASCADE,
    CONSTRAINT `fk_order_li_product_33989ed4` FOREIGN KEY (`product_id`) REFERENCES `product` (`id`) ON DELETE RESTRICT
) CHARACTER SET utf8mb4 COMMENT='One product in an order.';

-- [7/7] create table product_tag
CREATE TABLE `product_tag` (
    `product_id` INT NOT NULL,
    `tag_id` INT NOT NULL,
    KEY `tag_id` (`tag_id`),
    CONSTRAINT `product_tag_ibfk_1` FOREIGN KEY (`product_id`) REFERENCES `product` (`id`) ON DELETE CASCADE,
    CONSTRAINT `product_tag_ibfk_2` FOREIGN KEY (`tag_id`) REFERENCES `tag` (`id`) ON DELETE CASCADE,
    UNIQUE KEY `uidx_product_tag_product_1dd626` (`product_id`, `tag_id`)
) CHARACTER SET utf8mb4;
