-- migrator upgrade: store 0003_add_column_store_item_stock (postgres)
-- parent: 0002_add_column_store_item_price
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/1] add column store_item.stock
ALTER TABLE "store_item" ADD COLUMN "stock" INT NOT NULL DEFAULT 0;
ALTER TABLE "store_item" ALTER COLUMN "stock" DROP DEFAULT;
