-- migrator downgrade: models 0001_initial (mysql)
-- parent: none (first migration)
-- This database commits DDL implicitly: the runner records each statement as it runs and resumes after a failure.

-- [1/7] drop table product_tag (undoes upgrade [7/7])
-- DESTRUCTIVE: this can lose data; review before applying
DROP TABLE `product_tag`;

-- [2/7] drop table order_line (undoes upgrade [6/7])
-- DESTRUCTIVE: this can lose data; review before applying
DROP TABLE `order_line`;

-- [3/7] drop table product (undoes upgrade [5/7])
-- DESTRUCTIVE: this can lose data; review before applying
DROP TABLE `product`;

-- [4/7] drop table order (undoes upgrade [4/7])
-- DESTRUCTIVE: this can lose data; review before applying
DROP TABLE `order`;

-- [5/7] drop table user (undoes upgrade [3/7])
-- DESTRUCTIVE: this can lose data; review before applying
DROP TABLE `user`;

-- [6/7] drop table tag (undoes upgrade [2/7])
-- DESTRUCTIVE: this can lose data; review before applying
DROP TABLE `tag`;

-- [7/7] drop table category (undoes upgrade [1/7])
-- DESTRUCTIVE: this can lose data; review before applying
DROP TABLE `category`;
