-- migrator upgrade: users 0002_create_table_users_address (mysql)
-- parent: 0001_initial
-- This database commits DDL implicitly: the runner records each statement as it runs and resumes after a failure.

-- [1/1] create table users_address
CREATE TABLE `users_address` (
    `id` INT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `line1` VARCHAR(200) NOT NULL,
    `line2` VARCHAR(200),
    `city` VARCHAR(100) NOT NULL,
    `user_id` INT NOT NULL,
    CONSTRAINT `fk_users_ad_users_us_a4fb09a3` FOREIGN KEY (`user_id`) REFERENCES `users_user` (`id`) ON DELETE CASCADE
) CHARACTER SET utf8mb4 COMMENT='A postal address of a user.';
