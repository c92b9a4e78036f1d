-- migrator downgrade: models 0001_initial (mysql)
-- parent: none (first migration)
-- This database commits DDL implicitly: the runner records each statement as it runs and resumes after a failure.

-- [1/2] drop table token (undoes upgrade [2/2])
-- DESTRUCTIVE: this can lose data; review before applying
DROP TABLE `token`;

-- [2/2] drop table specimen (undoes upgrade [1/2])
-- DESTRUCTIVE: this can lose data; review before applying
DROP TABLE `specimen`;
