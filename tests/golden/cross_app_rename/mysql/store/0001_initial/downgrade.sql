-- migrator downgrade: store 0001_initial (mysql)
-- parent: none (first migration)
-- This database commits DDL implicitly: the runner records each statement as it runs and resumes after a failure.

-- [1/1] drop table store_item (undoes upgrade [1/1])
-- DESTRUCTIVE: this can lose data; review before applying
DROP TABLE `store_item`;
