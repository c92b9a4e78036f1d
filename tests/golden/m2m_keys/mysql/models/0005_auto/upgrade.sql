-- migrator upgrade: models 0005_auto (mysql)
-- parent: 0004_create_table_zine_reader
-- This database commits DDL implicitly: the runner records each statement as it runs and resumes after a failure.

-- [1/3] create table reader_tag
CREATE TABLE `reader_tag` (
    `reader_id` BIGINT NOT NULL,
    `tag_id` BIGINT NOT NULL,
    KEY `tag_id` (`tag_id`),
    CONSTRAINT `reader_tag_ibfk_2` FOREIGN KEY (`tag_id`) REFERENCES `tag` (`id`) ON DELETE CASCADE,
    UNIQUE KEY `uidx_reader_tag_reader__2f803b` (`reader_id`, `tag_id`)
) CHARACTER SET utf8mb4;

-- [2/3] alter column reader.id (type, identity)
-- note: the server may copy the table here, blocking writes until it is done (a column type change rebuilds it)
ALTER TABLE `zine_reader` DROP FOREIGN KEY `zine_reader_ibfk_2`;
ALTER TABLE `reader` MODIFY COLUMN `id` BIGINT NOT NULL AUTO_INCREMENT;
ALTER TABLE `reader_tag` ADD CONSTRAINT `reader_tag_ibfk_1` FOREIGN KEY (`reader_id`) REFERENCES `reader` (`id`) ON DELETE CASCADE;

-- [3/3] alter column zine_reader.reader_id (type)
-- note: the server may copy the table here, blocking writes until it is done (a column type change rebuilds it)
ALTER TABLE `zine_reader` MODIFY COLUMN `reader_id` BIGINT NOT NULL;
ALTER TABLE `zine_reader` DROP INDEX `reader_id`, ADD INDEX `reader_id` (`reader_id`), ADD CONSTRAINT `zine_reader_ibfk_2` FOREIGN KEY (`reader_id`) REFERENCES `reader` (`id`) ON DELETE CASCADE;
