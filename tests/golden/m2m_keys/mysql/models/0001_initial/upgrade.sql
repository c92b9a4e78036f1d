-- migrator upgrade: models 0001_initial (mysql)
-- parent: none (first migration)
-- This database commits DDL implicitly: the runner records each statement as it runs and resumes after a failure.

-- [1/4] create table reader
CREATE TABLE `reader` (
    `id` INT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `name` VARCHAR(50) NOT NULL
) CHARACTER SET utf8mb4;

-- [2/4] create table tag
CREATE TABLE `tag` (
    `id` INT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `label` VARCHAR(50) NOT NULL
) CHARACTER SET utf8mb4;

-- [3/4] create table zine
CREATE TABLE `zine` (
    `id` INT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `title` VARCHAR(100) NOT NULL
) CHARACTER SET utf8mb4;

-- [4/4] create table zine_tag
CREATE TABLE `zine_tag` (
    `zine_id` INT NOT NULL,
    `tag_id` INT NOT NULL,
    KEY `tag_id` (`tag_id`),
    CONSTRAINT `zine_tag_ibfk_1` FOREIGN KEY (`zine_id`) REFERENCES `zine` (`id`) ON DELETE CASCADE,
    CONSTRAINT `zine_tag_ibfk_2` FOREIGN KEY (`tag_id`) REFERENCES `tag` (`id`) ON DELETE CASCADE,
    UNIQUE KEY `uidx_zine_tag_zine_id_fcca3b` (`zine_id`, `tag_id`)
) CHARACTER SET utf8mb4;
