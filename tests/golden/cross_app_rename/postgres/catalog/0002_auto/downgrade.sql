-- migrator downgrade: catalog 0002_auto (postgres)
-- parent: 0001_initial
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/2] drop column catalog_category.description
-- DESTRUCTIVE: this can lose data; review before applying
ALTER TABLE "catalog_category" DROP COLUMN "description";

-- [2/2] rename column catalog_category.slug to code
ALTER TABLE "catalog_category" RENAME COLUMN "slug" TO "code";
ALTER TABLE "catalog_category" RENAME CONSTRAINT "catalog_category_slug_key" TO "catalog_category_code_key";
