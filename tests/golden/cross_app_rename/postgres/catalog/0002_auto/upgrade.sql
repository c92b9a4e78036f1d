-- migrator upgrade: catalog 0002_auto (postgres)
-- parent: 0001_initial
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/2] rename column catalog_category.code to slug
ALTER TABLE "catalog_category" RENAME COLUMN "code" TO "slug";
ALTER TABLE "catalog_category" RENAME CONSTRAINT "catalog_category_code_key" TO "catalog_category_slug_key";

-- [2/2] add column catalog_category.description
ALTER TABLE "catalog_category" ADD COLUMN "description" TEXT;
