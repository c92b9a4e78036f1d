-- migrator upgrade: models 0002_auto (sqlite)
-- parent: 0001_initial
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/2] alter column book.author_id (foreign key)
CREATE TABLE "_migrator_new_book" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "title" VARCHAR(200) NOT NULL,
    "author_id" INT NOT NULL REFERENCES "author" ("id") ON DELETE RESTRICT
) /* A published title. */;
INSERT INTO "_migrator_new_book" ("id", "title", "author_id") SELECT "id", "title", "author_id" FROM "book";
DELETE FROM "sqlite_sequence" WHERE "name" = '_migrator_new_book';
INSERT INTO "sqlite_sequence" ("name", "seq") SELECT '_migrator_new_book', "seq" FROM "sqlite_sequence" WHERE "name" = 'book';
DROP TABLE "book";
PRAGMA legacy_alter_table=ON;
ALTER TABLE "_migrator_new_book" RENAME TO "book";
PRAGMA legacy_alter_table=OFF;

-- [2/2] add column book.publisher_id
ALTER TABLE "book" ADD COLUMN "publisher_id" INT REFERENCES "publisher" ("id") ON DELETE SET NULL /* Unknown for books imported before publishers were tracked */;
