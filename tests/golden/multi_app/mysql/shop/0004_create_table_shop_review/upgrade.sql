-- migrator upgrade: shop 0004_create_table_shop_review (mysql)
-- parent: 0003_auto
-- This database commits DDL implicitly: the runner records each statement as it runs and resumes after a failure.

-- [1/1] create table shop_review
CREATE TABLE `shop_review` (
    `id` INT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `rating` SMALLINT NOT NULL,
    `body` LONGTEXT,
    `author_id` INT NOT NULL,
    `product_id` INT NOT NULL,
    UNIQUE KEY `uid_shop_review_product_4642cb` (`product_id`, `author_id`),
    CONSTRAINT `fk_shop_rev_users_us_a0437292` FOREIGN KEY (`author_id`) REFERENCES `users_user` (`id`) ON DELETE CASCADE,
    CONSTRAINT `fk_shop_rev_shop_pro_6e47fc34` FOREIGN KEY (`product_id`) REFERENCES `shop_product` (`id`) ON DELETE CASCADE,
    KEY `idx_shop_review_product_c96ec7` (`product_id`, `rating`)
) CHARACTER SET utf8mb4 COMMENT='A user''s rating of a product.';
