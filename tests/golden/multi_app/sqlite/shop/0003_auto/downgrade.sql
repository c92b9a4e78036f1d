-- migrator downgrade: shop 0003_auto (sqlite)
-- parent: 0002_create_table_shop_order_item
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/2] set comment on table shop_product
-- (nothing to run on this database)

-- [2/2] drop column shop_product.seller_id
-- DESTRUCTIVE: this can lose data; review before applying
CREATE TABLE "_migrator_new_shop_product" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "name" VARCHAR(200) NOT NULL,
    "price" VARCHAR(40) NOT NULL
);
INSERT INTO "_migrator_new_shop_product" ("id", "name", "price") SELECT "id", "name", "price" FROM "shop_product";
DELETE FROM "sqlite_sequence" WHERE "name" = '_migrator_new_shop_product';
INSERT INTO "sqlite_sequence" ("name", "seq") SELECT '_migrator_new_shop_product', "seq" FROM "sqlite_sequence" WHERE "name" = 'shop_product';
DROP TABLE "shop_product";
PRAGMA legacy_alter_table=ON;
ALTER TABLE "_migrator_new_shop_product" RENAME TO "shop_product";
PRAGMA legacy_alter_table=OFF;
