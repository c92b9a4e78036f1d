-- migrator upgrade: store 0002_add_column_store_item_price (postgres)
-- parent: 0001_initial
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/1] add column store_item.price
ALTER TABLE "store_item" ADD COLUMN "price" DECIMAL(10,2);
