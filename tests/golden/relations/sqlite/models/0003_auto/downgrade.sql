-- migrator downgrade: models 0003_auto (sqlite)
-- parent: 0002_auto
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/4] set comment on table profile
-- (nothing to run on this database)

-- [2/4] alter column profile.author_id (unique)
CREATE TABLE "_migrator_new_profile" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "pen_name" VARCHAR(100),
    "bio" TEXT,
    "author_id" INT NOT NULL UNIQUE REFERENCES "author" ("id") ON DELETE CASCADE
) /* Public details of an author: at most one per author. */;
INSERT INTO "_migrator_new_profile" ("id", "pen_name", "bio", "author_id") SELECT "id", "pen_name", "bio", "author_id" FROM "profile";
DELETE FROM "sqlite_sequence" WHERE "name" = '_migrator_new_profile';
INSERT INTO "sqlite_sequence" ("name", "seq") SELECT '_migrator_new_profile', "seq" FROM "sqlite_sequence" WHERE "name" = 'profile';
DROP TABLE "profile";
PRAGMA legacy_alter_table=ON;
ALTER TABLE "_migrator_new_profile" RENAME TO "profile";
PRAGMA legacy_alter_table=OFF;

-- [3/4] drop column profile.pen_name
-- DESTRUCTIVE: this can lose data; review before applying
ALTER TABLE "profile" DROP COLUMN "pen_name";

-- [4/4] alter column book.author_id (null, foreign key)
CREATE TABLE "_migrator_new_book" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "title" VARCHAR(200) NOT NULL,
    "author_id" INT NOT NULL REFERENCES "author" ("id") ON DELETE RESTRICT,
    "publisher_id" INT REFERENCES "publisher" ("id") ON DELETE SET NULL /* Unknown for books imported before publishers were tracked */
) /* A published title. */;
INSERT INTO "_migrator_new_book" ("id", "title", "author_id", "publisher_id") SELECT "id", "title", "author_id", "publisher_id" FROM "book";
DELETE FROM "sqlite_sequence" WHERE "name" = '_migrator_new_book';
INSERT INTO "sqlite_sequence" ("name", "seq") SELECT '_migrator_new_book', "seq" FROM "sqlite_sequence" WHERE "name" = 'book';
DROP TABLE "book";
PRAGMA legacy_alter_table=ON;
ALTER TABLE "_migrator_new_book" RENAME TO "book";
PRAGMA legacy_alter_table=OFF;
