-- migrator downgrade: models 0003_auto (mysql)
-- parent: 0002_auto
-- This database commits DDL implicitly: the runner records each statement as it runs and resumes after a failure.

-- [1/4] set comment on table profile (undoes upgrade [4/4])
ALTER TABLE `profile` COMMENT='Public details of an author: at most one per author.';

-- [2/4] alter column profile.author_id (unique) (undoes upgrade [3/4])
ALTER TABLE `profile` ADD UNIQUE KEY `author_id` (`author_id`), DROP INDEX `fk_profile_author_235579dc`;

-- [3/4] drop column profile.pen_name (undoes upgrade [2/4])
-- DESTRUCTIVE: this can lose data; review before applying
-- note: ALGORITHM=INSTANT: a metadata change, the table stays writable
ALTER TABLE `profile` DROP COLUMN `pen_name`, ALGORITHM=INSTANT;

-- [4/4] alter column book.author_id (null, foreign key) (undoes upgrade [1/4])
-- note: the server may copy the table here, blocking writes until it is done (a new foreign key is checked against every row)
ALTER TABLE `book` DROP FOREIGN KEY `fk_book_author_ed0cb68f`;
ALTER TABLE `book` MODIFY COLUMN `author_id` INT NOT NULL;
ALTER TABLE `book` ADD CONSTRAINT `fk_book_author_ed0cb68f` FOREIGN KEY (`author_id`) REFERENCES `author` (`id`) ON DELETE RESTRICT;
