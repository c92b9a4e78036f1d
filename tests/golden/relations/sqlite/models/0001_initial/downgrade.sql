-- migrator downgrade: models 0001_initial (sqlite)
-- parent: none (first migration)
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/11] drop table publisher
-- DESTRUCTIVE: this can lose data; review before applying
DROP TABLE "publisher";

-- [2/11] drop table profile
-- DESTRUCTIVE: this can lose data; review before applying
DROP TABLE "profile";

-- [3/11] drop table person_person
-- DESTRUCTIVE: this can lose data; review before applying
DROP TABLE "person_person";

-- [4/11] drop table membership
-- DESTRUCTIVE: this can lose data; review before applying
DROP TABLE "membership";

-- [5/11] drop table book
-- DESTRUCTIVE: this can lose data; review before applying
DROP TABLE "book";

-- [6/11] drop table team
-- DESTRUCTIVE: this can lose data; review before applying
DROP TABLE "team";

-- [7/11] drop table person
-- DESTRUCTIVE: this can lose data; review before applying
DROP TABLE "person";

-- [8/11] drop table event
-- DESTRUCTIVE: this can lose data; review before applying
DROP TABLE "event";

-- [9/11] drop table country
-- DESTRUCTIVE: this can lose data; review before applying
DROP TABLE "country";

-- [10/11] drop table author
-- DESTRUCTIVE: this can lose data; review before applying
DROP TABLE "author";

-- [11/11] drop table audit_entry
-- DESTRUCTIVE: this can lose data; review before applying
DROP TABLE "audit_entry";
