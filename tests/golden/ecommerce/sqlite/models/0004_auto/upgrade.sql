-- migrator upgrade: models 0004_auto (sqlite)
-- parent: 0003_auto
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/7] rename table order_line to order_item
ALTER TABLE "order_line" RENAME TO "order_item";

-- [2/7] drop index idx_order_created on order
DROP INDEX "idx_order_created";

-- [3/7] alter column category.name (comment)
-- (nothing to run on this database)

-- [4/7] alter column category.slug (comment)
-- (nothing to run on this database)

-- [5/7] set comment on table category
-- (nothing to run on this database)

-- [6/7] drop column order.coupon_code
-- DESTRUCTIVE: this can lose data; review before applying
ALTER TABLE "order" DROP COLUMN "coupon_code";

-- [7/7] rename unique uid_order_line_order_i_b6b97c to uid_order_item_order_i_f9acee on order_item
CREATE TABLE "_migrator_new_order_item" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "quantity" INT NOT NULL,
    "unit_price" VARCHAR(40) NOT NULL,
    "order_id" INT NOT NULL REFERENCES "order" ("id") ON DELETE CASCADE,
    "product_id" INT NOT NULL REFERENCES "item" ("id") ON DELETE RESTRICT,
    CONSTRAINT "uid_order_item_order_i_f9acee" UNIQUE ("order_id", "product_id")
) /* One product in an order. */;
INSERT INTO "_migrator_new_order_item" ("id", "quantity", "unit_price", "order_id", "product_id") SELECT "id", "quantity", "unit_price", "order_id", "product_id" FROM "order_item";
DELETE FROM "sqlite_sequence" WHERE "name" = '_migrator_new_order_item';
INSERT INTO "sqlite_sequence" ("name", "seq") SELECT '_migrator_new_order_item', "seq" FROM "sqlite_sequence" WHERE "name" = 'order_item';
DROP TABLE "order_item";
PRAGMA legacy_alter_table=ON;
ALTER TABLE "_migrator_new_order_item" RENAME TO "order_item";
PRAGMA legacy_alter_table=OFF;
