-- migrator upgrade: catalog 0002_auto (sqlite)
-- parent: 0001_initial
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/2] rename column catalog_category.code to slug
ALTER TABLE "catalog_category" RENAME COLUMN "code" TO "slug";

-- [2/2] add column catalog_category.description
ALTER TABLE "catalog_category" ADD COLUMN "description" TEXT;
