-- migrator upgrade: store 0001_initial (postgres)
-- parent: none (first migration)
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/1] create table store_item
CREATE TABLE "store_item" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "name" VARCHAR(100) NOT NULL,
    "category_id" VARCHAR(50) NOT NULL REFERENCES "catalog_category" ("code") ON DELETE CASCADE
);
