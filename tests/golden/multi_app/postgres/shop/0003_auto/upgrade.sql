-- migrator upgrade: shop 0003_auto (postgres)
-- parent: 0002_create_table_shop_order_item
-- Blocks marked OUTSIDE TRANSACTION run without a transaction, each statement
-- committing on its own; the other blocks run in transactions (no BEGIN/COMMIT
-- here). The runner records each step as it runs and resumes after a failure.

-- [1/2] add column shop_product.seller_id
-- OUTSIDE TRANSACTION: the foreign key is added NOT VALID (a brief lock) and validated in its own transaction, whose scan lets writes through
ALTER TABLE "shop_product" ADD COLUMN "seller_id" INT;
COMMENT ON COLUMN "shop_product"."seller_id" IS 'NULL for products the shop sells itself';
ALTER TABLE "shop_product" ADD CONSTRAINT "shop_product_seller_id_fkey" FOREIGN KEY ("seller_id") REFERENCES "users_user" ("id") ON DELETE SET NULL NOT VALID;
ALTER TABLE "shop_product" VALIDATE CONSTRAINT "shop_product_seller_id_fkey";

-- [2/2] set comment on table shop_product
COMMENT ON TABLE "shop_product" IS 'Something for sale; since version 3 users may sell their own products.';
