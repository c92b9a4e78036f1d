-- migrator downgrade: models 0001_initial (mysql)
-- parent: none (first migration)
-- This database commits DDL implicitly: the runner records each statement as it runs and resumes after a failure.

-- [1/4] drop table note (undoes upgrade [4/4])
-- DESTRUCTIVE: this can lose data; review before applying
DROP TABLE `note`;

-- [2/4] drop table user_profiles (undoes upgrade [3/4])
-- DESTRUCTIVE: this can lose data; review before applying
DROP TABLE `user_profiles`;

-- [3/4] drop table ticket (undoes upgrade [2/4])
-- DESTRUCTIVE: this can lose data; review before applying
DROP TABLE `ticket`;

-- [4/4] drop table event (undoes upgrade [1/4])
-- DESTRUCTIVE: this can lose data; review before applying
DROP TABLE `event`;
