-- migrator upgrade: accounts 0001_initial (mysql)
-- parent: none (first migration)
-- This database commits DDL implicitly: the runner records each statement as it runs and resumes after a failure.

-- [1/1] create table accounts_account
CREATE TABLE `accounts_account` (
    `id` INT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `code` VARCHAR(20) NOT NULL UNIQUE,
    `name` VARCHAR(100) NOT NULL
) CHARACTER SET utf8mb4 COMMENT='An account; the billing app''s foreign keys reference its id and its code.';
