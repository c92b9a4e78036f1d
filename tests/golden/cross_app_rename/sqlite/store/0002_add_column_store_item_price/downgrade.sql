-- migrator downgrade: store 0002_add_column_store_item_price (sqlite)
-- parent: 0001_initial
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/1] drop column store_item.price
-- DESTRUCTIVE: this can lose data; review before applying
ALTER TABLE "store_item" DROP COLUMN "price";
