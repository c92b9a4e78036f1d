-- migrator downgrade: models 0004_auto (postgres)
-- parent: 0003_auto
-- Blocks marked OUTSIDE TRANSACTION run without a transaction, each statement
-- committing on its own; the other blocks run in transactions (no BEGIN/COMMIT
-- here). The runner records each step as it runs and resumes after a failure.

-- [1/7] rename unique uid_order_item_order_i_f9acee to uid_order_line_order_i_b6b97c on order_item (undoes upgrade [7/7])
ALTER TABLE "order_item" RENAME CONSTRAINT "uid_order_item_order_i_f9acee" TO "uid_order_line_order_i_b6b97c";

-- [2/7] add column order.coupon_code (undoes upgrade [6/7])
ALTER TABLE "order" ADD COLUMN "coupon_code" VARCHAR(30);

-- [3/7] set comment on table category (undoes upgrade [5/7])
COMMENT ON TABLE "category" IS 'A node in the catalogue tree.';

-- [4/7] alter column category.slug (comment) (undoes upgrade [4/7])
COMMENT ON COLUMN "category"."slug" IS NULL;

-- [5/7] alter column category.name (comment) (undoes upgrade [3/7])
COMMENT ON COLUMN "category"."name" IS NULL;

-- [6/7] add index idx_order_created on order (undoes upgrade [2/7])
-- OUTSIDE TRANSACTION: CREATE INDEX CONCURRENTLY builds the index while writes go on, and cannot run in a transaction
CREATE INDEX CONCURRENTLY "idx_order_created" ON "order" ("created_at");

-- [7/7] rename table order_item to order_line (undoes upgrade [1/7])
ALTER TABLE "order_item" RENAME TO "order_line";
ALTER TABLE "order_line" RENAME CONSTRAINT "order_item_pkey" TO "order_line_pkey";
ALTER SEQUENCE "order_item_id_seq" RENAME TO "order_line_id_seq";
ALTER TABLE "order_line" RENAME CONSTRAINT "order_item_order_id_fkey" TO "order_line_order_id_fkey";
ALTER TABLE "order_line" RENAME CONSTRAINT "order_item_product_id_fkey" TO "order_line_product_id_fkey";
