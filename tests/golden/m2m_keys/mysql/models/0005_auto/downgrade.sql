-- migrator downgrade: models 0005_auto (mysql)
-- parent: 0004_create_table_zine_reader
-- This database commits DDL implicitly: the runner records each statement as it runs and resumes after a failure.

-- [1/3] alter column zine_reader.reader_id (type) (undoes upgrade [3/3])
-- DESTRUCTIVE: this can lose data; review before applying
-- note: the server may copy the table here, blocking writes until it is done (a column type change rebuilds it)
ALTER TABLE `zine_reader` DROP FOREIGN KEY `zine_reader_ibfk_2`;
ALTER TABLE `zine_reader` MODIFY COLUMN `reader_id` INT NOT NULL;

-- [2/3] alter column reader.id (type, identity) (undoes upgrade [2/3])
-- DESTRUCTIVE: this can lose data; review before applying
-- note: the server may copy the table here, blocking writes until it is done (a column type change rebuilds it)
ALTER TABLE `reader_tag` DROP FOREIGN KEY `reader_tag_ibfk_1`;
ALTER TABLE `reader` MODIFY COLUMN `id` INT NOT NULL AUTO_INCREMENT;
ALTER TABLE `zine_reader` DROP INDEX `reader_id`, ADD INDEX `reader_id` (`reader_id`), ADD CONSTRAINT `zine_reader_ibfk_2` FOREIGN KEY (`reader_id`) REFERENCES `reader` (`id`) ON DELETE CASCADE;

-- [3/3] drop table reader_tag (undoes upgrade [1/3])
-- DESTRUCTIVE: this can lose data; review before applying
DROP TABLE `reader_tag`;
