-- migrator upgrade: models 0004_auto (sqlite)
-- parent: 0003_auto
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/2] add column membership.joined_on
ALTER TABLE "membership" ADD COLUMN "joined_on" DATE;

-- [2/2] alter column profile.author_id (unique); set comment on table profile
CREATE TABLE "_migrator_new_profile" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "pen_name" VARCHAR(100),
    "bio" TEXT,
    "author_id" INT NOT NULL UNIQUE REFERENCES "author" ("id") ON DELETE CASCADE
) /* Public details of an author: at most one per author again (pen names live here). */;
INSERT INTO "_migrator_new_profile" ("id", "pen_name", "bio", "author_id") SELECT "id", "pen_name", "bio", "author_id" FROM "profile";
DELETE FROM "sqlite_sequence" WHERE "name" = '_migrator_new_profile';
INSERT INTO "sqlite_sequence" ("name", "seq") SELECT '_migrator_new_profile', "seq" FROM "sqlite_sequence" WHERE "name" = 'profile';
DROP TABLE "profile";
PRAGMA legacy_alter_table=ON;
ALTER TABLE "_migrator_new_profile" RENAME TO "profile";
PRAGMA legacy_alter_table=OFF;
