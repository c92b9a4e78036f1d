-- migrator downgrade: catalog 0003_add_column_catalog_category_position (postgres)
-- parent: 0002_auto
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/1] drop column catalog_category.position
-- DESTRUCTIVE: this can lose data; review before applying
ALTER TABLE "catalog_category" DROP COLUMN "position";
