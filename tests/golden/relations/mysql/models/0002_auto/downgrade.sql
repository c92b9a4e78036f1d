-- migrator downgrade: models 0002_auto (mysql)
-- parent: 0001_initial
-- This database commits DDL implicitly: the runner records each statement as it runs and resumes after a failure.

-- [1/2] drop column book.publisher_id (undoes upgrade [2/2])
-- DESTRUCTIVE: this can lose data; review before applying
ALTER TABLE `book` DROP FOREIGN KEY `fk_book_publishe_95019bca`, DROP COLUMN `publisher_id`;

-- [2/2] alter column book.author_id (foreign key) (undoes upgrade [1/2])
-- note: the server may copy the table here, blocking writes until it is done (a new foreign key is checked against every row)
ALTER TABLE `book` DROP FOREIGN KEY `fk_book_author_ed0cb68f`;
ALTER TABLE `book` ADD CONSTRAINT `fk_book_author_ed0cb68f` FOREIGN KEY (`author_id`) REFERENCES `author` (`id`) ON DELETE CASCADE;
