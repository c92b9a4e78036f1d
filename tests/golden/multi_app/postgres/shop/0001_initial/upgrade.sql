-- migrator upgrade: shop 0001_initial (postgres)
-- parent: none (first migration)
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/2] create table shop_order
CREATE TABLE "shop_order" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "placed_at" TIMESTAMPTZ NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "note" VARCHAR(200),
    "customer_id" INT NOT NULL REFERENCES "users_user" ("id") ON DELETE CASCADE
);
COMMENT ON TABLE "shop_order" IS 'An order; its customer lives in the users app.';

-- [2/2] create table shop_product
CREATE TABLE "shop_product" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "name" VARCHAR(200) NOT NULL,
    "price" DECIMAL(10,2) NOT NULL
);
