-- migrator downgrade: models 0003_auto (mysql)
-- parent: 0002_auto
-- This database commits DDL implicitly: the runner records each statement as it runs and resumes after a failure.

-- [1/2] alter column zine_tag.zine_id (type) (undoes upgrade [2/2])
-- DESTRUCTIVE: this can lose data; review before applying
-- note: the server may copy the table here, blocking writes until it is done (a column type change rebuilds it)
ALTER TABLE `zine_tag` DROP FOREIGN KEY `zine_tag_ibfk_1`;
ALTER TABLE `zine_tag` MODIFY COLUMN `zine_id` INT NOT NULL;

-- [2/2] alter column zine.id (type, identity) (undoes upgrade [1/2])
-- DESTRUCTIVE: this can lose data; review before applying
-- note: the server may copy the table here, blocking writes until it is done (a column type change rebuilds it)
ALTER TABLE `zine` MODIFY COLUMN `id` INT NOT NULL AUTO_INCREMENT;
ALTER TABLE `zine_tag` ADD CONSTRAINT `zine_tag_ibfk_1` FOREIGN KEY (`zine_id`) REFERENCES `zine` (`id`) ON DELETE CASCADE;
