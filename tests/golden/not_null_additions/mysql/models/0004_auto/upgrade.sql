-- migrator upgrade: models 0004_auto (mysql)
-- parent: 0003_auto
-- This database commits DDL implicitly: the runner records each statement as it runs and resumes after a failure.

-- [1/2] add column event.created_at
-- note: ALGORITHM=INSTANT: a metadata change, the table stays writable
ALTER TABLE `event` ADD COLUMN `created_at` DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), ALGORITHM=INSTANT;
ALTER TABLE `event` ALTER COLUMN `created_at` DROP DEFAULT, ALGORITHM=INSTANT;

-- [2/2] add column event.updated_at
-- note: ALGORITHM=INSTANT: a metadata change, the table stays writable
ALTER TABLE `event` ADD COLUMN `updated_at` DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6), ALGORITHM=INSTANT;
ALTER TABLE `event` ALTER COLUMN `updated_at` DROP DEFAULT, ALGORITHM=INSTANT;
