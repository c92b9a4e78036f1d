-- migrator downgrade: models 0004_auto (sqlite)
-- parent: 0003_auto
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/3] set comment on table profile
-- (nothing to run on this database)

-- [2/3] alter column profile.author_id (unique)
CREATE TABLE "_migrator_new_profile" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "pen_name" VARCHAR(100),
    "bio" TEXT,
    "author_id" INT NOT NULL REFERENCES "author" ("id") ON DELETE CASCADE
) /* Public details of an author: one per pen name, so an author may have several. */;
INSERT INTO "_migrator_new_profile" ("id", "pen_name", "bio", "author_id") SELECT "id", "pen_name", "bio", "author_id" FROM "profile";
DELETE FROM "sqlite_sequence" WHERE "name" = '_migrator_new_profile';
INSERT INTO "sqlite_sequence" ("name", "seq") SELECT '_migrator_new_profile', "seq" FROM "sqlite_sequence" WHERE "name" = 'profile';
DROP TABLE "profile";
PRAGMA legacy_alter_table=ON;
ALTER TABLE "_migrator_new_profile" RENAME TO "profile";
PRAGMA legacy_alter_table=OFF;

-- [3/3] drop column membership.joined_on
-- DESTRUCTIVE: this can lose data; review before applying
ALTER TABLE "membership" DROP COLUMN "joined_on";
