-- migrator upgrade: models 0003_auto (mysql)
-- parent: 0002_auto
-- This database commits DDL implicitly: the runner records each statement as it runs and resumes after a failure.

-- [1/7] create table token_use
CREATE TABLE `token_use` (
    `id` BIGINT NOT NULL PRIMARY KEY AUTO_INCREMENT,
    `used_at` DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    `token_id` CHAR(36) NOT NULL,
    CONSTRAINT `fk_token_us_token_c33f7710` FOREIGN KEY (`token_id`) REFERENCES `token` (`id`) ON DELETE CASCADE
) CHARACTER SET utf8mb4 COMMENT='One use of a token: a foreign key to a UUID primary key.';

-- [2/7] alter column specimen.title (type)
-- note: the server may copy the table here, blocking writes until it is done (a column type change rebuilds it)
ALTER TABLE `specimen` MODIFY COLUMN `title` LONGTEXT NOT NULL;

-- [3/7] alter column specimen.flag (default)
ALTER TABLE `specimen` MODIFY COLUMN `flag` BOOL NOT NULL;

-- [4/7] alter column specimen.price (type)
-- note: the server may copy the table here, blocking writes until it is done (a column type change rebuilds it)
ALTER TABLE `specimen` MODIFY COLUMN `price` DECIMAL(12,4) NOT NULL DEFAULT 0.00 COMMENT 'Money: exact decimal';

-- [5/7] alter column specimen.rank (null)
ALTER TABLE `specimen` MODIFY COLUMN `rank` INT NULL;

-- [6/7] alter column specimen.label (unique)
-- note: ALGORITHM=INPLACE, LOCK=NONE: built in place while reads and writes go on
ALTER TABLE `specimen` ADD UNIQUE KEY `label` (`label`), ALGORITHM=INPLACE, LOCK=NONE;

-- [7/7] add index idx_specimen_nicknam_403e88 on specimen
-- note: ALGORITHM=INPLACE, LOCK=NONE: built in place while reads and writes go on
ALTER TABLE `specimen` ADD INDEX `idx_specimen_nicknam_403e88` (`nickname`), ALGORITHM=INPLACE, LOCK=NONE;
