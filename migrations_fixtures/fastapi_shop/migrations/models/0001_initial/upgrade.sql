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
COMMENT ON COLUMN "category"."name" IS 'Display name';
COMMENT ON COLUMN "category"."slug" IS 'URL path segment';
COMMENT ON TABLE "category" IS 'Catalogue tree; a NULL parent marks a top-level category';

-- [2/7] create table tag
CREATE TABLE "tag" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "name" VARCHAR(50) NOT NULL UNIQUE
);
COMMENT ON TABLE "tag" IS 'A free-form label shoppers can filter by.';

-- [3/7] create table user
CREATE TABLE "user" (
    "created_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "id" SERIAL NOT NULL PRIMARY KEY,
    "handle" VARCHAR(50) NOT NULL UNIQUE,
    "email" VARCHAR(255) NOT NULL UNIQUE,
    "last_name" VARCHAR(50) NOT NULL,
    "first_name" VARCHAR(50) NOT NULL
);
COMMENT ON COLUMN "user"."handle" IS 'Public login name, shown next to reviews';
COMMENT ON COLUMN "user"."email" IS 'Contact address';
COMMENT ON TABLE "user" IS 'A registered customer.';

-- [4/7] create table item
CREATE TABLE "item" (
    "created_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "id" SERIAL NOT NULL PRIMARY KEY,
    "name" VARCHAR(200) NOT NULL,
    "sku" VARCHAR(32) NOT NULL UNIQUE,
    "price" DECIMAL(10,2) NOT NULL,
    "stock" INT NOT NULL DEFAULT 0,
    "description" TEXT,
    "is_active" BOOL NOT NULL DEFAULT TRUE,
    "category_id" INT NOT NULL REFERENCES "category" ("id") ON DELETE RESTRICT
);
CREATE INDEX "idx_item_categor_e76015" ON "item" ("category_id", "name");
COMMENT ON COLUMN "item"."price" IS 'Unit price in the shop currency';
COMMENT ON COLUMN "item"."description" IS 'Long marketing copy; optional';
COMMENT ON COLUMN "item"."is_active" IS 'Listed in the shop';
COMMENT ON TABLE "item" IS 'Something we sell (was \"product\": the catalogue now also lists services).';

-- [5/7] create table order
CREATE TABLE "order" (
    "created_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "id" SERIAL NOT NULL PRIMARY KEY,
    "status" VARCHAR(20) NOT NULL DEFAULT 'new',
    "total" DECIMAL(12,2) NOT NULL DEFAULT 0,
    "user_id" INT NOT NULL REFERENCES "user" ("id") ON DELETE CASCADE
);
CREATE INDEX "idx_order_user_status" ON "order" ("user_id", "status");
COMMENT ON TABLE "order" IS 'A customer''s basket once checked out.';

-- [6/7] create table item_tag
CREATE TABLE "item_tag" (
    "item_id" INT NOT NULL REFERENCES "item" ("id") ON DELETE CASCADE,
    "tag_id" INT NOT NULL REFERENCES "tag" ("id") ON DELETE CASCADE
);
CREATE UNIQUE INDEX "uidx_item_tag_item_id_aa205c" ON "item_tag" ("item_id", "tag_id");

-- [7/7] create table order_item
CREATE TABLE "order_item" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "quantity" INT NOT NULL,
    "unit_price" DECIMAL(10,2) NOT NULL,
    "order_id" INT NOT NULL REFERENCES "order" ("id") ON DELETE CASCADE,
    "product_id" INT NOT NULL REFERENCES "item" ("id") ON DELETE RESTRICT,
    CONSTRAINT "uid_order_item_order_i_f9acee" UNIQUE ("order_id", "product_id")
);
COMMENT ON TABLE "order_item" IS 'One product in an order.';
