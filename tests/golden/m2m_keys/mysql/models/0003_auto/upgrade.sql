-- migrator upgrade: models 0003_auto (mysql)
-- parent: 0002_auto
-- This database commits DDL implicitly: the runner records each statement as it runs and resumes after a failure.

-- [1/2] alter column zine.id (type, identity)
-- note: the server may copy the table here, blocking writes until it is done (a column type change rebuilds it)
ALTER TABLE `zine_tag` DROP FOREIGN KEY `zine_tag_ibfk_1`;
ALTER TABLE `zine` MODIFY COLUMN `id` BIGINT NOT NULL AUTO_INCREMENT;

-- [2/2] alter column zine_tag.zine_id (type)
-- note: the server may copy the table here, blocking writes until it is done (a column type change rebuilds it)
ALTER TABLE `zine_tag` MODIFY COLUMN `zine_id` BIGINT NOT NULL;
ALTER TABLE `zine_tag` ADD CONSTRAINT `zine_tag_ibfk_1` FOREIGN KEY (`zine_id`) REFERENCES `zine` (`id`) ON DELETE CASCADE;
