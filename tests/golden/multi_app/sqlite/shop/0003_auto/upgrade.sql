-- migrator upgrade: shop 0003_auto (sqlite)
-- parent: 0002_create_table_shop_order_item
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/2] add column shop_product.seller_id
ALTER TABLE "shop_product" ADD COLUMN "seller_id" INT REFERENCES "users_user" ("id") ON DELETE SET NULL /* NULL for products the shop sells itself */;

-- [2/2] set comment on table shop_product
-- (nothing to run on this database)
