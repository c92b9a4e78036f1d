-- migrator downgrade: models 0004_auto (mysql)
-- parent: 0003_auto
-- This database commits DDL implicitly: the runner records each statement as it runs and resumes after a failure.

-- [1/3] set comment on table profile (undoes upgrade [3/3])
ALTER TABLE `profile` COMMENT='Public details of an author: one per pen name, so an author may have several.';

-- [2/3] alter column profile.author_id (unique) (undoes upgrade [2/3])
ALTER TABLE `profile` DROP INDEX `author_id`, ADD INDEX `fk_profile_author_235579dc` (`author_id`);

-- [3/3] drop column membership.joined_on (undoes upgrade [1/3])
-- DESTRUCTIVE: this can lose data; review before applying
-- note: ALGORITHM=INSTANT: a metadata change, the table stays writable
ALTER TABLE `membership` DROP COLUMN `joined_on`, ALGORITHM=INSTANT;
