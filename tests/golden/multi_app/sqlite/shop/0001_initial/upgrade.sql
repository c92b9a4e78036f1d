-- migrator upgrade: shop 0001_initial (sqlite)
-- parent: none (first migration)
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/2] create table shop_order
CREATE TABLE "shop_order" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "placed_at" TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "note" VARCHAR(200),
    "customer_id" INT NOT NULL REFERENCES "users_user" ("id") ON DELETE CASCADE
) /* An order; its customer lives in the users app. */;

-- [2/2] create table shop_product
CREATE TABLE "shop_product" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "name" VARCHAR(200) NOT NULL,
    "price" VARCHAR(40) NOT NULL
);
