-- migrator upgrade: models 0001_initial (sqlite)
-- parent: none (first migration)
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/11] create table audit_entry
CREATE TABLE "audit_entry" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "action" VARCHAR(20) NOT NULL,
    "at" TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "book_id" INT NOT NULL
) /* What happened to a book. Entries outlive their book, so the FK has no constraint. */;

-- [2/11] create table author
CREATE TABLE "author" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "name" VARCHAR(100) NOT NULL
) /* A writer. */;

-- [3/11] create table country
CREATE TABLE "country" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "code" VARCHAR(2) NOT NULL UNIQUE,
    "name" VARCHAR(100) NOT NULL
) /* Referenced by its ISO code, not by its surrogate key. */;

-- [4/11] create table event
CREATE TABLE "event" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "name" VARCHAR(100) NOT NULL
) /* A book fair; teams take part through the membership table. */;

-- [5/11] create table person
CREATE TABLE "person" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "name" VARCHAR(100) NOT NULL
) /* A reader; readers befriend each other (a self many-to-many). */;

-- [6/11] create table team
CREATE TABLE "team" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "name" VARCHAR(100) NOT NULL
);

-- [7/11] create table book
CREATE TABLE "book" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "title" VARCHAR(200) NOT NULL,
    "author_id" INT NOT NULL REFERENCES "author" ("id") ON DELETE CASCADE
) /* A published title. */;

-- [8/11] create table membership
CREATE TABLE "membership" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "role" VARCHAR(20) NOT NULL DEFAULT 'member',
    "event_id" INT NOT NULL REFERENCES "event" ("id") ON DELETE CASCADE,
    "team_id" INT NOT NULL REFERENCES "team" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_membership_event_i_4d67da" UNIQUE ("event_id", "team_id")
) /* The through table of Event.teams, with a payload column of its own. */;

-- [9/11] create table person_person
CREATE TABLE "person_person" (
    "person_rel_id" INT NOT NULL REFERENCES "person" ("id") ON DELETE CASCADE,
    "person_id" INT NOT NULL REFERENCES "person" ("id") ON DELETE CASCADE
);
CREATE UNIQUE INDEX "uidx_person_pers_person__14d094" ON "person_person" ("person_rel_id", "person_id");

-- [10/11] create table profile
CREATE TABLE "profile" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "bio" TEXT,
    "author_id" INT NOT NULL UNIQUE REFERENCES "author" ("id") ON DELETE CASCADE
) /* Public details of an author: at most one per author. */;

-- [11/11] create table publisher
CREATE TABLE "publisher" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "name" VARCHAR(100) NOT NULL,
    "country_id" VARCHAR(2) NOT NULL REFERENCES "country" ("code") ON DELETE RESTRICT /* ISO country code (the FK targets country.code) */
);
