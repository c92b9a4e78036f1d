-- migrator upgrade: shop 0003_auto (postgres)
-- parent: 0002_create_table_shop_order_item
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/2] add column shop_product.seller_id
ALTER TABLE "shop_product" ADD COLUMN "seller_id" INT REFERENCES "users_user" ("id") ON DELETE SET NULL;
COMMENT ON COLUMN "shop_product"."seller_id" IS 'NULL for products the shop sells itself';

-- [2/2] set comment on table shop_product
COMMENT ON TABLE "shop_product" IS 'Something for sale; since version 3 users may sell their own products.';
