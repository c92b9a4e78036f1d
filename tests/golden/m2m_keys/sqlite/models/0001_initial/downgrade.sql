-- migrator downgrade: models 0001_initial (sqlite)
-- parent: none (first migration)
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/4] drop table zine_tag
-- DESTRUCTIVE: this can lose data; review before applying
DROP TABLE "zine_tag";

-- [2/4] drop table zine
-- DESTRUCTIVE: this can lose data; review before applying
DROP TABLE "zine";

-- [3/4] drop table tag
-- DESTRUCTIVE: this can lose data; review before applying
DROP TABLE "tag";

-- [4/4] drop table reader
-- DESTRUCTIVE: this can lose data; review before applying
DROP TABLE "reader";
