-- migrator downgrade: models 0004_auto (mysql)
-- parent: 0003_auto
-- This database commits DDL implicitly: the runner records each statement as it runs and resumes after a failure.

-- [1/2] drop column event.updated_at (undoes upgrade [2/2])
-- DESTRUCTIVE: this can lose data; review before applying
-- note: ALGORITHM=INSTANT: a metadata change, the table stays writable
ALTER TABLE `event` DROP COLUMN `updated_at`, ALGORITHM=INSTANT;

-- [2/2] drop column event.created_at (undoes upgrade [1/2])
-- DESTRUCTIVE: this can lose data; review before applying
-- note: ALGORITHM=INSTANT: a metadata change, the table stays writable
ALTER TABLE `event` DROP COLUMN `created_at`, ALGORITHM=INSTANT;
