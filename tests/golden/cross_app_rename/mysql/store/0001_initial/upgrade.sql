-- migrator upgrade: store 0001_initial (mysql)
-- parent: none (first migration)
-- This database commits DDL implicitly: the runner records each statement as it runs and resumes after a failure.

-- [1/1] create table store_item
CREATE TABLE `store_item` (
    `id` INT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `name` VARCHAR(100) NOT NULL,
    `category_id` VARCHAR(50) NOT NULL,
    CONSTRAINT `fk_store_it_catalog__d7786ee4` FOREIGN KEY (`category_id`) REFERENCES `catalog_category` (`code`) ON DELETE CASCADE
) CHARACTER SET utf8mb4;
