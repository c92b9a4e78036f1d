-- migrator downgrade: models 0001_initial (postgres)
-- parent: none (first migration)
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/4] drop table note
-- DESTRUCTIVE: this can lose data; review before applying
DROP TABLE "note";

-- [2/4] drop table user_profiles
-- DESTRUCTIVE: this can lose data; review before applying
DROP TABLE "user_profiles";

-- [3/4] drop table ticket
-- DESTRUCTIVE: this can lose data; review before applying
DROP TABLE "ticket";

-- [4/4] drop table event
-- DESTRUCTIVE: this can lose data; review before applying
DROP TABLE "event";
