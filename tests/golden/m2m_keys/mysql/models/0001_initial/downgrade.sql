-- migrator downgrade: models 0001_initial (mysql)
-- parent: none (first migration)
-- This database commits DDL implicitly: the runner records each statement as it runs and resumes after a failure.

-- [1/4] drop table zine_tag (undoes upgrade [4/4])
-- DESTRUCTIVE: this can lose data; review before applying
DROP TABLE `zine_tag`;

-- [2/4] drop table zine (undoes upgrade [3/4])
-- DESTRUCTIVE: this can lose data; review before applying
DROP TABLE `zine`;

-- [3/4] drop table tag (undoes upgrade [2/4])
-- DESTRUCTIVE: this can lose data; review before applying
DROP TABLE `tag`;

-- [4/4] drop table reader (undoes upgrade [1/4])
-- DESTRUCTIVE: this can lose data; review before applying
DROP TABLE `reader`;
