-- migrator downgrade: models 0004_auto (postgres)
-- parent: 0003_auto
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/7] rename unique uid_order_item_order_i_f9acee to uid_order_line_order_i_b6b97c on order_item
ALTER TABLE "order_item" RENAME CONSTRAINT "uid_order_item_order_i_f9acee" TO "uid_order_line_order_i_b6b97c";

-- [2/7] add column order.coupon_code
ALTER TABLE "order" ADD COLUMN "coupon_code" VARCHAR(30);

-- [3/7] set comment on table category
COMMENT ON TABLE "category" IS 'A node in the catalogue tree.';

-- [4/7] alter column category.slug (comment)
COMMENT ON COLUMN "category"."slug" IS NULL;

-- [5/7] alter column category.name (comment)
COMMENT ON COLUMN "category"."name" IS NULL;

-- [6/7] add index idx_order_created on order
CREATE INDEX "idx_order_created" ON "order" ("created_at");

-- [7/7] rename table order_item to order_line
ALTER TABLE "order_item" RENAME TO "order_line";
ALTER TABLE "order_line" RENAME CONSTRAINT "order_item_pkey" TO "order_line_pkey";
ALTER SEQUENCE "order_item_id_seq" RENAME TO "order_line_id_seq";
ALTER TABLE "order_line" RENAME CONSTRAINT "order_item_order_id_fkey" TO "order_line_order_id_fkey";
ALTER TABLE "order_line" RENAME CONSTRAINT "order_item_product_id_fkey" TO "order_line_product_id_fkey";
