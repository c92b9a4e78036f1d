-- migrator downgrade: shop 0003_auto (postgres)
-- parent: 0002_create_table_shop_order_item
-- Blocks marked OUTSIDE TRANSACTION run without a transaction, each statement
-- committing on its own; the other blocks run in transactions (no BEGIN/COMMIT
-- here). The runner records each step as it runs and resumes after a failure.

-- [1/2] set comment on table shop_product (undoes upgrade [2/2])
COMMENT ON TABLE "shop_product" IS NULL;

-- [2/2] drop column shop_product.seller_id (undoes upgrade [1/2])
-- DESTRUCTIVE: this can lose data; review before applying
ALTER TABLE "shop_product" DROP COLUMN "seller_id";
