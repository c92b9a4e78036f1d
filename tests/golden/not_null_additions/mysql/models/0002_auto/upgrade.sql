-- migrator upgrade: models 0002_auto (mysql)
-- parent: 0001_initial
-- This database commits DDL implicitly: the runner records each statement as it runs and resumes after a failure.

-- [1/2] rename column user_profiles.loyalty_points to points
ALTER TABLE `user_profiles` RENAME COLUMN `loyalty_points` TO `points`;

-- [2/2] alter column user_profiles.points (type)
-- note: the server may copy the table here, blocking writes until it is done (a column type change rebuilds it)
ALTER TABLE `user_profiles` MODIFY COLUMN `points` BIGINT NOT NULL;
