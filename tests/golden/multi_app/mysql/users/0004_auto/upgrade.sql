-- migrator upgrade: users 0004_auto (mysql)
-- parent: 0003_add_column_users_user_is_seller
-- This database commits DDL implicitly: the runner records each statement as it runs and resumes after a failure.

-- [1/2] add column users_address.instructions
-- note: ALGORITHM=INSTANT: a metadata change, the table stays writable
ALTER TABLE `users_address` ADD COLUMN `instructions` VARCHAR(200), ALGORITHM=INSTANT;

-- [2/2] drop column users_address.line2
-- DESTRUCTIVE: this can lose data; review before applying
-- note: ALGORITHM=INSTANT: a metadata change, the table stays writable
ALTER TABLE `users_address` DROP COLUMN `line2`, ALGORITHM=INSTANT;
