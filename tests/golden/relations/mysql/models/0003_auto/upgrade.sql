-- migrator upgrade: models 0003_auto (mysql)
-- parent: 0002_auto
-- This database commits DDL implicitly: the runner records each statement as it runs and resumes after a failure.

-- [1/4] alter column book.author_id (null, foreign key)
-- note: the server may copy the table here, blocking writes until it is done (a new foreign key is checked against every row)
ALTER TABLE `book` DROP FOREIGN KEY `fk_book_author_ed0cb68f`;
ALTER TABLE `book` MODIFY COLUMN `author_id` INT NULL;
ALTER TABLE `book` ADD CONSTRAINT `fk_book_author_ed0cb68f` FOREIGN KEY (`author_id`) REFERENCES `author` (`id`) ON DELETE SET NULL;

-- [2/4] add column profile.pen_name
-- note: ALGORITHM=INSTANT: a metadata change, the table stays writable
ALTER TABLE `profile` ADD COLUMN `pen_name` VARCHAR(100), ALGORITHM=INSTANT;

-- [3/4] alter column profile.author_id (unique)
ALTER TABLE `profile` DROP INDEX `author_id`, ADD INDEX `fk_profile_author_235579dc` (`author_id`);

-- [4/4] set comment on table profile
ALTER TABLE `profile` COMMENT='Public details of an author: one per pen name, so an author may have several.';
