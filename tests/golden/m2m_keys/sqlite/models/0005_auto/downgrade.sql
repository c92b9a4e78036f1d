-- migrator downgrade: models 0005_auto (sqlite)
-- parent: 0004_create_table_zine_reader
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/3] alter column zine_reader.reader_id (type)
CREATE TABLE "_migrator_new_zine_reader" (
    "zine_id" BIGINT NOT NULL REFERENCES "zine" ("id") ON DELETE CASCADE,
    "reader_id" INT NOT NULL REFERENCES "reader" ("id") ON DELETE CASCADE
) /* added in version 4: a second many-to-many from the same table */;
INSERT INTO "_migrator_new_zine_reader" ("zine_id", "reader_id") SELECT "zine_id", "reader_id" FROM "zine_reader";
DROP TABLE "zine_reader";
PRAGMA legacy_alter_table=ON;
ALTER TABLE "_migrator_new_zine_reader" RENAME TO "zine_reader";
PRAGMA legacy_alter_table=OFF;
CREATE UNIQUE INDEX "uidx_zine_reader_zine_id_acd361" ON "zine_reader" ("zine_id", "reader_id");

-- [2/3] alter column reader.id (type)
CREATE TABLE "_migrator_new_reader" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "name" VARCHAR(50) NOT NULL
);
INSERT INTO "_migrator_new_reader" ("id", "name") SELECT "id", "name" FROM "reader";
DELETE FROM "sqlite_sequence" WHERE "name" = '_migrator_new_reader';
INSERT INTO "sqlite_sequence" ("name", "seq") SELECT '_migrator_new_reader', "seq" FROM "sqlite_sequence" WHERE "name" = 'reader';
DROP TABLE "reader";
PRAGMA legacy_alter_table=ON;
ALTER TABLE "_migrator_new_reader" RENAME TO "reader";
PRAGMA legacy_alter_table=OFF;

-- [3/3] drop table reader_tag
-- DESTRUCTIVE: this can lose data; review before applying
DROP TABLE "reader_tag";
