-- migrator downgrade: shop 0001_initial (sqlite)
-- parent: none (first migration)
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/2] drop table shop_product
-- DESTRUCTIVE: this can lose data; review before applying
DROP TABLE "shop_product";

-- [2/2] drop table shop_order
-- DESTRUCTIVE: this can lose data; review before applying
DROP TABLE "shop_order";
