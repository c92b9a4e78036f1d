-- migrator upgrade: store 0003_add_column_store_item_stock (sqlite)
-- parent: 0002_add_column_store_item_price
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/1] add column store_item.stock
CREATE TABLE "_migrator_new_store_item" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "name" VARCHAR(100) NOT NULL,
    "price" VARCHAR(40),
    "category_id" VARCHAR(50) NOT NULL REFERENCES "catalog_category" ("slug") ON DELETE CASCADE,
    "stock" INT NOT NULL
);
INSERT INTO "_migrator_new_store_item" ("id", "name", "price", "category_id", "stock") SELECT "id", "name", "price", "category_id", 0 FROM "store_item";
DELETE FROM "sqlite_sequence" WHERE "name" = '_migrator_new_store_item';
INSERT INTO "sqlite_sequence" ("name", "seq") SELECT '_migrator_new_store_item', "seq" FROM "sqlite_sequence" WHERE "name" = 'store_item';
DROP TABLE "store_item";
PRAGMA legacy_alter_table=ON;
ALTER TABLE "_migrator_new_store_item" RENAME TO "store_item";
PRAGMA legacy_alter_table=OFF;
