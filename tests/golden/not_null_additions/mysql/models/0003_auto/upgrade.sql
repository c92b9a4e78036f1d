-- migrator upgrade: models 0003_auto (mysql)
-- parent: 0002_auto
-- This database commits DDL implicitly: the runner records each statement as it runs and resumes after a failure.

-- [1/3] rename table user_profiles to profiles
RENAME TABLE `user_profiles` TO `profiles`;

-- [2/3] alter column note.profile_id (foreign key)
-- note: the server may copy the table here, blocking writes until it is done (a new foreign key is checked against every row)
ALTER TABLE `note` DROP FOREIGN KEY `fk_note_user_pro_875c08ec`;
ALTER TABLE `note` RENAME INDEX `fk_note_user_pro_875c08ec` TO `fk_note_profiles_2ad48961`;
ALTER TABLE `note` ADD CONSTRAINT `fk_note_profiles_2ad48961` FOREIGN KEY (`profile_id`) REFERENCES `profiles` (`id`) ON DELETE CASCADE;

-- [3/3] add column profiles.bio
-- note: ALGORITHM=INSTANT: a metadata change, the table stays writable
ALTER TABLE `profiles` ADD COLUMN `bio` LONGTEXT, ALGORITHM=INSTANT;
