-- migrator upgrade: models 0001_initial (sqlite)
-- parent: none (first migration)
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/4] create table reader
CREATE TABLE "reader" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "name" VARCHAR(50) NOT NULL
);

-- [2/4] create table tag
CREATE TABLE "tag" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "label" VARCHAR(50) NOT NULL
);

-- [3/4] create table zine
CREATE TABLE "zine" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "title" VARCHAR(100) NOT NULL
);

-- [4/4] create table zine_tag
CREATE TABLE "zine_tag" (
    "zine_id" INT NOT NULL REFERENCES "zine" ("id") ON DELETE CASCADE,
    "tag_id" INT NOT NULL REFERENCES "tag" ("id") ON DELETE CASCADE
);
CREATE UNIQUE INDEX "uidx_zine_tag_zine_id_fcca3b" ON "zine_tag" ("zine_id", "tag_id");
