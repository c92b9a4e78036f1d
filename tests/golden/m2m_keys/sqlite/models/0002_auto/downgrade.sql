-- migrator downgrade: models 0002_auto (sqlite)
-- parent: 0001_initial
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/2] alter column zine_tag.tag_id (type)
CREATE TABLE "_migrator_new_zine_tag" (
    "zine_id" INT NOT NULL REFERENCES "zine" ("id") ON DELETE CASCADE,
    "tag_id" INT NOT NULL REFERENCES "tag" ("id") ON DELETE CASCADE
);
INSERT INTO "_migrator_new_zine_tag" ("zine_id", "tag_id") SELECT "zine_id", "tag_id" FROM "zine_tag";
DROP TABLE "zine_tag";
PRAGMA legacy_alter_table=ON;
ALTER TABLE "_migrator_new_zine_tag" RENAME TO "zine_tag";
PRAGMA legacy_alter_table=OFF;
CREATE UNIQUE INDEX "uidx_zine_tag_zine_id_fcca3b" ON "zine_tag" ("zine_id", "tag_id");

-- [2/2] alter column tag.id (type)
CREATE TABLE "_migrator_new_tag" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "label" VARCHAR(50) NOT NULL
);
INSERT INTO "_migrator_new_tag" ("id", "label") SELECT "id", "label" FROM "tag";
DELETE FROM "sqlite_sequence" WHERE "name" = '_migrator_new_tag';
INSERT INTO "sqlite_sequence" ("name", "seq") SELECT '_migrator_new_tag', "seq" FROM "sqlite_sequence" WHERE "name" = 'tag';
DROP TABLE "tag";
PRAGMA legacy_alter_table=ON;
ALTER TABLE "_migrator_new_tag" RENAME TO "tag";
PRAGMA legacy_alter_table=OFF;
