-- migrator downgrade: users 0003_add_column_users_user_is_seller (mysql)
-- parent: 0002_create_table_users_address
-- This database commits DDL implicitly: the runner records each statement as it runs and resumes after a failure.

-- [1/1] drop column users_user.is_seller (undoes upgrade [1/1])
-- DESTRUCTIVE: this can lose data; review before applying
-- note: ALGORITHM=INSTANT: a metadata change, the table stays writable
ALTER TABLE `users_user` DROP COLUMN `is_seller`, ALGORITHM=INSTANT;
