-- migrator downgrade: models 0002_auto (mysql)
-- parent: 0001_initial
-- This database commits DDL implicitly: the runner records each statement as it runs and resumes after a failure.

-- [1/2] alter column user_profiles.points (type) (undoes upgrade [2/2])
-- DESTRUCTIVE: this can lose data; review before applying
-- note: the server may copy the table here, blocking writes until it is done (a column type change rebuilds it)
ALTER TABLE `user_profiles` MODIFY COLUMN `points` INT NOT NULL;

-- [2/2] rename column user_profiles.points to loyalty_points (undoes upgrade [1/2])
ALTER TABLE `user_profiles` RENAME COLUMN `points` TO `loyalty_points`;
