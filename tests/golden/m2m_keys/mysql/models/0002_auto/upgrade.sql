-- migrator upgrade: models 0002_auto (mysql)
-- parent: 0001_initial
-- This database commits DDL implicitly: the runner records each statement as it runs and resumes after a failure.

-- [1/2] alter column tag.id (type, identity)
-- note: the server may copy the table here, blocking writes until it is done (a column type change rebuilds it)
ALTER TABLE `zine_tag` DROP FOREIGN KEY `zine_tag_ibfk_2`;
ALTER TABLE `tag` MODIFY COLUMN `id` BIGINT NOT NULL AUTO_INCREMENT;

-- [2/2] alter column zine_tag.tag_id (type)
-- note: the server may copy the table here, blocking writes until it is done (a column type change rebuilds it)
ALTER TABLE `zine_tag` MODIFY COLUMN `tag_id` BIGINT NOT NULL;
ALTER TABLE `zine_tag` DROP INDEX `tag_id`, ADD INDEX `tag_id` (`tag_id`), ADD CONSTRAINT `zine_tag_ibfk_2` FOREIGN KEY (`tag_id`) REFERENCES `tag` (`id`) ON DELETE CASCADE;
