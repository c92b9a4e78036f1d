-- migrator downgrade: models 0001_initial (mysql)
-- parent: none (first migration)
-- This database commits DDL implicitly: the runner records each statement as it runs and resumes after a failure.

-- [1/11] drop table publisher (undoes upgrade [11/11])
-- DESTRUCTIVE: this can lose data; review before applying
DROP TABLE `publisher`;

-- [2/11] drop table profile (undoes upgrade [10/11])
-- DESTRUCTIVE: this can lose data; review before applying
DROP TABLE `profile`;

-- [3/11] drop table person_person (undoes upgrade [9/11])
-- DESTRUCTIVE: this can lose data; review before applying
DROP TABLE `person_person`;

-- [4/11] drop table membership (undoes upgrade [8/11])
-- DESTRUCTIVE: this can lose data; review before applying
DROP TABLE `membership`;

-- [5/11] drop table book (undoes upgrade [7/11])
-- DESTRUCTIVE: this can lose data; review before applying
DROP TABLE `book`;

-- [6/11] drop table team (undoes upgrade [6/11])
-- DESTRUCTIVE: this can lose data; review before applying
DROP TABLE `team`;

-- [7/11] drop table person (undoes upgrade [5/11])
-- DESTRUCTIVE: this can lose data; review before applying
DROP TABLE `person`;

-- [8/11] drop table event (undoes upgrade [4/11])
-- DESTRUCTIVE: this can lose data; review before applying
DROP TABLE `event`;

-- [9/11] drop table country (undoes upgrade [3/11])
-- DESTRUCTIVE: this can lose data; review before applying
DROP TABLE `country`;

-- [10/11] drop table author (undoes upgrade [2/11])
-- DESTRUCTIVE: this can lose data; review before applying
DROP TABLE `author`;

-- [11/11] drop table audit_entry (undoes upgrade [1/11])
-- DESTRUCTIVE: this can lose data; review before applying
DROP TABLE `audit_entry`;
