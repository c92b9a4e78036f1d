-- migrator downgrade: shop 0002_create_table_shop_order_item (mysql)
-- parent: 0001_initial
-- This database commits DDL implicitly: the runner records each statement as it runs and resumes after a failure.

-- [1/1] drop table shop_order_item (undoes upgrade [1/1])
-- DESTRUCTIVE: this can lose data; review before applying
DROP TABLE `shop_order_item`;
