-- migrator upgrade: catalog 0003_add_column_catalog_category_position (sqlite)
-- parent: 0002_auto
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/1] add column catalog_category.position
CREATE TABLE "_migrator_new_catalog_category" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "slug" VARCHAR(50) NOT NULL UNIQUE,
    "name" VARCHAR(100) NOT NULL,
    "description" TEXT,
    "position" INT NOT NULL
);
INSERT INTO "_migrator_new_catalog_category" ("id", "slug", "name", "description", "position") SELECT "id", "slug", "name", "description", 0 FROM "catalog_category";
DELETE FROM "sqlite_sequence" WHERE "name" = '_migrator_new_catalog_category';
INSERT INTO "sqlite_sequence" ("name", "seq") SELECT '_migrator_new_catalog_category', "seq" FROM "sqlite_sequence" WHERE "name" = 'catalog_category';
DROP TABLE "catalog_category";
PRAGMA legacy_alter_table=ON;
ALTER TABLE "_migrator_new_catalog_category" RENAME TO "catalog_category";
PRAGMA legacy_alter_table=OFF;
