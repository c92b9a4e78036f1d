-- migrator downgrade: models 0004_create_table_zine_reader (mysql)
-- parent: 0003_auto
-- This database commits DDL implicitly: the runner records each statement as it runs and resumes after a failure.

-- [1/1] drop table zine_reader (undoes upgrade [1/1])
-- DESTRUCTIVE: this can lose data; review before applying
DROP TABLE `zine_reader`;
