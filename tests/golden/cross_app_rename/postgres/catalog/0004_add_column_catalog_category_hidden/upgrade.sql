-- migrator upgrade: catalog 0004_add_column_catalog_category_hidden (postgres)
-- parent: 0003_add_column_catalog_category_position
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/1] add column catalog_category.hidden
ALTER TABLE "catalog_category" ADD COLUMN "hidden" BOOL NOT NULL DEFAULT FALSE;
ALTER TABLE "catalog_category" ALTER COLUMN "hidden" DROP DEFAULT;
