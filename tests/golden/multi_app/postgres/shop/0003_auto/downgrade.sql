-- migrator downgrade: shop 0003_auto (postgres)
-- parent: 0002_create_table_shop_order_item
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/2] set comment on table shop_product
COMMENT ON TABLE "shop_product" IS NULL;

-- [2/2] drop column shop_product.seller_id
-- DESTRUCTIVE: this can lose data; review before applying
ALTER TABLE "shop_product" DROP COLUMN "seller_id";
