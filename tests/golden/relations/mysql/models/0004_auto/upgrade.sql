-- migrator upgrade: models 0004_auto (mysql)
-- parent: 0003_auto
-- This database commits DDL implicitly: the runner records each statement as it runs and resumes after a failure.

-- [1/3] add column membership.joined_on
-- note: ALGORITHM=INSTANT: a metadata change, the table stays writable
ALTER TABLE `membership` ADD COLUMN `joined_on` DATE, ALGORITHM=INSTANT;

-- [2/3] alter column profile.author_id (unique)
ALTER TABLE `profile` ADD UNIQUE KEY `author_id` (`author_id`), DROP INDEX `fk_profile_author_235579dc`;

-- [3/3] set comment on table profile
ALTER TABLE `profile` COMMENT='Public details of an author: at most one per author again (pen names live here).';
