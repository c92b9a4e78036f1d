-- migrator upgrade: models 0001_initial (mysql)
-- parent: none (first migration)
-- This database commits DDL implicitly: the runner records each statement as it runs and resumes after a failure.

-- [1/4] create table event
CREATE TABLE `event` (
    `id` INT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `title` VARCHAR(100) NOT NULL
) CHARACTER SET utf8mb4;

-- [2/4] create table ticket
CREATE TABLE `ticket` (
    `id` INT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `label` VARCHAR(40) NOT NULL
) CHARACTER SET utf8mb4;

-- [3/4] create table user_profiles
CREATE TABLE `user_profiles` (
    `id` INT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `name` VARCHAR(50) NOT NULL,
    `loyalty_points` INT NOT NULL
) CHARACTER SET utf8mb4;

-- [4/4] create table note
CREATE TABLE `note` (
    `id` INT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `text` VARCHAR(100) NOT NULL,
    `profile_id` INT NOT NULL,
    CONSTRAINT `fk_note_user_pro_875c08ec` FOREIGN KEY (`profile_id`) REFERENCES `user_profiles` (`id`) ON DELETE CASCADE
) CHARACTER SET utf8mb4;
