-- migrator upgrade: users 0001_initial (mysql)
-- parent: none (first migration)
-- This database commits DDL implicitly: the runner records each statement as it runs and resumes after a failure.

-- [1/1] create table users_user
CREATE TABLE `users_user` (
    `id` INT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `email` VARCHAR(255) NOT NULL UNIQUE,
    `name` VARCHAR(100) NOT NULL
) CHARACTER SET utf8mb4 COMMENT='An account holder.';
