-- migrator upgrade: models 0001_initial (postgres)
-- parent: none (first migration)
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/7] create table category
CREATE TABLE "category" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "name" VARCHAR(100) NOT NULL,
    "slug" VARCHAR(100) NOT NULL UNIQUE,
    "parent_id" INT REFERENCES "category" ("id") ON DELETE SET NULL
);
COMMENT ON TABLE "category" IS 'A node in the catalogue tree.';

-- [2/7] create table tag
CREATE TABLE "tag" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "name" VARCHAR(50) NOT NULL UNIQUE
);

-- [3/7] create table user
CREATE TABLE "user" (
    "created_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "id" SERIAL NOT NULL PRIMARY KEY,
    "username" VARCHAR(50) NOT NULL UNIQUE,
    "email" VARCHAR(255) NOT NULL UNIQUE,
    "first_name" VARCHAR(50) NOT NULL,
    "last_name" VARCHAR(50) NOT NULL
);
COMMENT ON COLUMN "user"."username" IS 'Public login name';
COMMENT ON COLUMN "user"."email" IS 'Contact address';
COMMENT ON TABLE "user" IS 'A registered customer.';

-- [4/7] create table order
CREATE TABLE "order" (
    "created_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "id" SERIAL NOT NULL PRIMARY KEY,
    "status" VARCHAR(20) NOT NULL DEFAULT 'new',
    "total" DECIMAL(12,2) NOT NULL DEFAULT 0,
    "coupon_code" VARCHAR(30),
    "user_id" INT NOT NULL REFERENCES "user" ("id") ON DELETE CASCADE
);
CREATE INDEX "idx_order_user_status" ON "order" ("user_id", "status");
COMMENT ON TABLE "order" IS 'A customer''s basket once checked out.';

-- [5/7] create table product
CREATE TABLE "product" (
    "created_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "id" SERIAL NOT NULL PRIMARY KEY,
    "name" VARCHAR(200) NOT NULL,
    "sku" VARCHAR(32) NOT NULL UNIQUE,
    "price" DECIMAL(10,2) NOT NULL,
    "stock" INT NOT NULL DEFAULT 0,
    "category_id" INT NOT NULL REFERENCES "category" ("id") ON DELETE RESTRICT
);
CREATE INDEX "idx_product_categor_941d41" ON "product" ("category_id", "name");
COMMENT ON COLUMN "product"."price" IS 'Unit price in the shop currency';
COMMENT ON TABLE "product" IS 'Something we sell.';

-- [6/7] create table order_line
CREATE TABLE "order_line" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "quantity" INT NOT NULL,
    "unit_price" DECIMAL(10,2) NOT NULL,
    "order_id" INT NOT NULL REFERENCES "order" ("id") ON DELETE CASCADE,
    "product_id" INT NOT NULL REFERENCES "product" ("id") ON DELETE RESTRICT,
    CONSTRAINT "uid_order_line_order_i_b6b97c" UNIQUE ("order_id", "product_id")
);
COMMENT ON TABLE "order_line" IS 'One product in an order.';

-- [7/7] create table product_tag
CREATE TABLE "product_tag" (
    "product_id" INT NOT NULL REFERENCES "product" ("id") ON DELETE CASCADE,
    "tag_id" INT NOT NULL REFERENCES "tag" ("id") ON DELETE CASCADE
);
CREATE UNIQUE INDEX "uidx_product_tag_product_1dd626" ON "product_tag" ("product_id", "tag_id");
