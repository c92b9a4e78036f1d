-- migrator upgrade: catalog 0003_add_column_catalog_category_position (postgres)
-- parent: 0002_auto
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/1] add column catalog_category.position
ALTER TABLE "catalog_category" ADD COLUMN "position" INT NOT NULL DEFAULT 0;
ALTER TABLE "catalog_category" ALTER COLUMN "position" DROP DEFAULT;
