-- migrator downgrade: store 0004_add_column_store_item_note (sqlite)
-- parent: 0003_add_column_store_item_stock
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/1] drop column store_item.note
-- DESTRUCTIVE: this can lose data; review before applying
ALTER TABLE "store_item" DROP COLUMN "note";
