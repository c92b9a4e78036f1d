-- migrator downgrade: billing 0001_initial (mysql)
-- parent: none (first migration)
-- This database commits DDL implicitly: the runner records each statement as it runs and resumes after a failure.

-- [1/1] drop table billing_invoice (undoes upgrade [1/1])
-- DESTRUCTIVE: this can lose data; review before applying
DROP TABLE `billing_invoice`;
