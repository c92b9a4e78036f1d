-- migrator upgrade: models 0004_auto (postgres)
-- parent: 0003_auto
-- Blocks marked OUTSIDE TRANSACTION run without a transaction, each statement
-- committing on its own; the other blocks run in transactions (no BEGIN/COMMIT
-- here). The runner records each step as it runs and resumes after a failure.

-- [1/7] rename table order_line to order_item
ALTER TABLE "order_line" RENAME TO "order_item";
ALTER TABLE "order_item" RENAME CONSTRAINT "order_line_pkey" TO "order_item_pkey";
ALTER SEQUENCE "order_line_id_seq" RENAME TO "order_item_id_seq";
ALTER TABLE "order_item" RENAME CONSTRAINT "order_line_order_id_fkey" TO "order_item_order_id_fkey";
ALTER TABLE "order_item" RENAME CONSTRAINT "order_line_product_id_fkey" TO "order_item_product_id_fkey";

-- [2/7] drop index idx_order_created on order
-- OUTSIDE TRANSACTION: DROP INDEX CONCURRENTLY does not block writes, and cannot run in a transaction
DROP INDEX CONCURRENTLY "idx_order_created";

-- [3/7] alter column category.name (comment)
COMMENT ON COLUMN "category"."name" IS 'Display name';

-- [4/7] alter column category.slug (comment)
COMMENT ON COLUMN "category"."slug" IS 'URL path segment';

-- [5/7] set comment on table category
COMMENT ON TABLE "category" IS 'Catalogue tree; a NULL parent marks a top-level category';

-- [6/7] drop column order.coupon_code
-- DESTRUCTIVE: this can lose data; review before applying
ALTER TABLE "order" DROP COLUMN "coupon_code";

-- [7/7] rename unique uid_order_line_order_i_b6b97c to uid_order_item_order_i_f9acee on order_item
ALTER TABLE "order_item" RENAME CONSTRAINT "uid_order_line_order_i_b6b97c" TO "uid_order_item_order_i_f9acee";
