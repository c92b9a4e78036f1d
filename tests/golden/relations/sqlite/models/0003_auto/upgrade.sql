-- migrator upgrade: models 0003_auto (sqlite)
-- parent: 0002_auto
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/3] alter column book.author_id (null, foreign key)
CREATE TABLE "_migrator_new_book" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "title" VARCHAR(200) NOT NULL,
    "author_id" INT REFERENCES "author" ("id") ON DELETE SET NULL,
    "publisher_id" INT REFERENCES "publisher" ("id") ON DELETE SET NULL /* Unknown for books imported before publishers were tracked */
) /* A published title. */;
INSERT INTO "_migrator_new_book" ("id", "title", "author_id", "publisher_id") SELECT "id", "title", "author_id", "publisher_id" FROM "book";
DELETE FROM "sqlite_sequence" WHERE "name" = '_migrator_new_book';
INSERT INTO "sqlite_sequence" ("name", "seq") SELECT '_migrator_new_book', "seq" FROM "sqlite_sequence" WHERE "name" = 'book';
DROP TABLE "book";
PRAGMA legacy_alter_table=ON;
ALTER TABLE "_migrator_new_book" RENAME TO "book";
PRAGMA legacy_alter_table=OFF;

-- [2/3] add column profile.pen_name
ALTER TABLE "profile" ADD COLUMN "pen_name" VARCHAR(100);

-- [3/3] alter column profile.author_id (unique); set comment on table profile
CREATE TABLE "_migrator_new_profile" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "bio" TEXT,
    "author_id" INT NOT NULL REFERENCES "author" ("id") ON DELETE CASCADE,
    "pen_name" VARCHAR(100)
) /* Public details of an author: one per pen name, so an author may have several. */;
INSERT INTO "_migrator_new_profile" ("id", "bio", "author_id", "pen_name") SELECT "id", "bio", "author_id", "pen_name" FROM "profile";
DELETE FROM "sqlite_sequence" WHERE "name" = '_migrator_new_profile';
INSERT INTO "sqlite_sequence" ("name", "seq") SELECT '_migrator_new_profile', "seq" FROM "sqlite_sequence" WHERE "name" = 'profile';
DROP TABLE "profile";
PRAGMA legacy_alter_table=ON;
ALTER TABLE "_migrator_new_profile" RENAME TO "profile";
PRAGMA legacy_alter_table=OFF;
