-- migrator downgrade: models 0001_initial (postgres)
-- parent: none (first migration)
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/7] drop table order_item
-- DESTRUCTIVE: this can lose data; review before applying
DROP TABLE "order_item";

-- [2/7] drop table item_tag
-- DESTRUCTIVE: this can lose data; review before applying
DROP TABLE "item_tag";

-- [3/7] drop table order
-- DESTRUCTIVE: this can lose data; review before applying
DROP TABLE "order";

-- [4/7] drop table item
-- DESTRUCTIVE: this can lose data; review before applying
DROP TABLE "item";

-- [5/7] drop table user
-- DESTRUCTIVE: this can lose data; review before applying
DROP TABLE "user";

-- [6/7] drop table tag
-- DESTRUCTIVE: this can lose data; review before applying
DROP TABLE "tag";

-- [7/7] drop table category
-- DESTRUCTIVE: this can lose data; review before applying
DROP TABLE "category";
