-- migrator downgrade: users 0002_create_table_users_address (mysql)
-- parent: 0001_initial
-- This database commits DDL implicitly: the runner records each statement as it runs and resumes after a failure.

-- [1/1] drop table users_address (undoes upgrade [1/1])
-- DESTRUCTIVE: this can lose data; review before applying
DROP TABLE `users_address`;
