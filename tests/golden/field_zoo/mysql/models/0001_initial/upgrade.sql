-- migrator upgrade: models 0001_initial (mysql)
-- parent: none (first migration)
-- This database commits DDL implicitly: the runner records each statement as it runs and resumes after a failure.

-- [1/2] create table specimen
CREATE TABLE `specimen` (
    `id` INT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `counter` INT NOT NULL DEFAULT 0,
    `small` SMALLINT NOT NULL DEFAULT 1,
    `big` BIGINT NOT NULL DEFAULT 1000,
    `level` SMALLINT NOT NULL,
    `code` VARCHAR(50) NOT NULL,
    `title` VARCHAR(100) NOT NULL,
    `body` LONGTEXT,
    `flag` BOOL NOT NULL DEFAULT FALSE,
    `price` DECIMAL(10,2) NOT NULL COMMENT 'Money: exact decimal' DEFAULT 0.00,
    `created` DATETIME(6) NOT NULL,
    `modified` DATETIME(6) NOT NULL,
    `seen_at` DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    `day` DATE NOT NULL DEFAULT '2000-01-01',
    `at_time` TIME(6),
    `duration` BIGINT,
    `ratio` DOUBLE NOT NULL DEFAULT 1.5,
    `payload` JSON,
    `ref` CHAR(36) NOT NULL UNIQUE,
    `blob` LONGBLOB,
    `priority` SMALLINT NOT NULL COMMENT 'LOW: 1\nNORMAL: 2\nHIGH: 3' DEFAULT 2,
    `color` VARCHAR(5) NOT NULL COMMENT 'RED: red\nGREEN: green\nBLUE: blue' DEFAULT 'red',
    `quantity` INT,
    `rank` INT NOT NULL,
    `label` VARCHAR(30),
    `nickname` VARCHAR(40)
) CHARACTER SET utf8mb4 COMMENT='One row holding a value of every field type.';

-- [2/2] create table token
CREATE TABLE `token` (
    `id` CHAR(36) NOT NULL PRIMARY KEY,
    `scope` VARCHAR(20) NOT NULL DEFAULT 'read',
    `expires_at` DATETIME(6),
    `specimen_id` INT,
    CONSTRAINT `fk_token_specimen_01c4ce3c` FOREIGN KEY (`specimen_id`) REFERENCES `specimen` (`id`) ON DELETE SET NULL
) CHARACTER SET utf8mb4 COMMENT='An API token; its primary key is a UUID.';
