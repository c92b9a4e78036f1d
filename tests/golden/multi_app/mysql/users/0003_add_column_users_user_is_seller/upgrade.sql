-- migrator upgrade: users 0003_add_column_users_user_is_seller (mysql)
-- parent: 0002_create_table_users_address
-- This database commits DDL implicitly: the runner records each statement as it runs and resumes after a failure.

-- [1/1] add column users_user.is_seller
-- note: ALGORITHM=INSTANT: a metadata change, the table stays writable
ALTER TABLE `users_user` ADD COLUMN `is_seller` BOOL NOT NULL COMMENT 'May list products in the shop' DEFAULT FALSE, ALGORITHM=INSTANT;
