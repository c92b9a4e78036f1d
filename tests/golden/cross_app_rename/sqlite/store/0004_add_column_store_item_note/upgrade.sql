-- migrator upgrade: store 0004_add_column_store_item_note (sqlite)
-- parent: 0003_add_column_store_item_stock
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/1] add column store_item.note
ALTER TABLE "store_item" ADD COLUMN "note" VARCHAR(200);
