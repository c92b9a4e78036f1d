-- migrator upgrade: models 0001_initial (postgres)
-- parent: none (first migration)
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/9] create table library.author
CREATE SCHEMA IF NOT EXISTS "library";
CREATE TABLE "library"."author" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "name" VARCHAR(100) NOT NULL,
    "born" INT
);
COMMENT ON COLUMN "library"."author"."name" IS 'as printed on the cover';
COMMENT ON TABLE "library"."author" IS 'writers of the catalogue';

-- [2/9] create table member
CREATE TABLE "member" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "name" VARCHAR(100) NOT NULL
);

-- [3/9] create table note
CREATE TABLE "note" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "text" TEXT NOT NULL
);
COMMENT ON TABLE "note" IS 'A note about a member.';

-- [4/9] create table tag
CREATE TABLE "tag" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "label" VARCHAR(50) NOT NULL UNIQUE
);

-- [5/9] create table library.book
CREATE TABLE "library"."book" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "title" VARCHAR(200) NOT NULL,
    "author_id" INT NOT NULL REFERENCES "library"."author" ("id") ON DELETE CASCADE,
    "shelved_by_id" INT REFERENCES "member" ("id") ON DELETE SET NULL
);

-- [6/9] create table member_author
CREATE TABLE "member_author" (
    "member_id" INT NOT NULL REFERENCES "member" ("id") ON DELETE CASCADE,
    "author_id" INT NOT NULL REFERENCES "library"."author" ("id") ON DELETE CASCADE
);
CREATE UNIQUE INDEX "uidx_member_auth_member__8030fd" ON "member_author" ("member_id", "author_id");

-- [7/9] create table library.book_tag
CREATE TABLE "library"."book_tag" (
    "book_id" INT NOT NULL REFERENCES "library"."book" ("id") ON DELETE CASCADE,
    "tag_id" INT NOT NULL REFERENCES "tag" ("id") ON DELETE CASCADE
);
CREATE UNIQUE INDEX "uidx_book_tag_book_id_7bc185" ON "library"."book_tag" ("book_id", "tag_id");

-- [8/9] create table library.catalogue_note
CREATE TABLE "library"."catalogue_note" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "remark" VARCHAR(200) NOT NULL,
    "book_id" INT NOT NULL REFERENCES "library"."book" ("id") ON DELETE CASCADE
);
COMMENT ON TABLE "library"."catalogue_note" IS 'A note about a book (Tortoise 1.1.9''s generate_schemas orders tables by bare name, so';

-- [9/9] create table loan
CREATE TABLE "loan" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "due" DATE,
    "book_id" INT NOT NULL REFERENCES "library"."book" ("id") ON DELETE CASCADE,
    "member_id" INT NOT NULL REFERENCES "member" ("id") ON DELETE CASCADE
);
