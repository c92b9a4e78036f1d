-- migrator downgrade: shop 0002_create_table_shop_order_item (sqlite)
-- parent: 0001_initial
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/1] drop table shop_order_item
-- DESTRUCTIVE: this can lose data; review before applying
DROP TABLE "shop_order_item";
