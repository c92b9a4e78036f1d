-- migrator upgrade: shop 0004_create_table_shop_review (sqlite)
-- parent: 0003_auto
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/1] create table shop_review
CREATE TABLE "shop_review" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "rating" SMALLINT NOT NULL,
    "body" TEXT,
    "author_id" INT NOT NULL REFERENCES "users_user" ("id") ON DELETE CASCADE,
    "product_id" INT NOT NULL REFERENCES "shop_product" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_shop_review_product_4642cb" UNIQUE ("product_id", "author_id")
) /* A user's rating of a product. */;
CREATE INDEX "idx_shop_review_product_c96ec7" ON "shop_review" ("product_id", "rating");
