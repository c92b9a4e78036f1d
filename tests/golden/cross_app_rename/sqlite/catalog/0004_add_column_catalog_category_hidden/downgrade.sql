-- migrator downgrade: catalog 0004_add_column_catalog_category_hidden (sqlite)
-- parent: 0003_add_column_catalog_category_position
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/1] drop column catalog_category.hidden
-- DESTRUCTIVE: this can lose data; review before applying
ALTER TABLE "catalog_category" DROP COLUMN "hidden";
