-- migrator downgrade: models 0001_initial (postgres)
-- parent: none (first migration)
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/7] drop table product_tag
-- DESTRUCTIVE: this can lose data; review before applying
DROP TABLE "product_tag";

-- [2/7] drop table order_line
-- DESTRUCTIVE: this can lose data; review before applying
DROP TABLE "order_line";

-- [3/7] drop table product
-- DESTRUCTIVE: this can lose data; review before applying
DROP TABLE "product";

-- [4/7] drop table order
-- DESTRUCTIVE: this can lose data; review before applying
DROP TABLE "order";

-- [5/7] drop table user
-- DESTRUCTIVE: this can lose data; review before applying
DROP TABLE "user";

-- [6/7] drop table tag
-- DESTRUCTIVE: this can lose data; review before applying
DROP TABLE "tag";

-- [7/7] drop table category
-- DESTRUCTIVE: this can lose data; review before applying
DROP TABLE "category";
