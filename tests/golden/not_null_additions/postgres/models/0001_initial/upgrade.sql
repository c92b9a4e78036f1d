-- migrator upgrade: models 0001_initial (postgres)
-- parent: none (first migration)
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/4] create table event
CREATE TABLE "event" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "title" VARCHAR(100) NOT NULL
);

-- [2/4] create table ticket
CREATE TABLE "ticket" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "label" VARCHAR(40) NOT NULL
);

-- [3/4] create table user_profiles
CREATE TABLE "user_profiles" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "name" VARCHAR(50) NOT NULL,
    "loyalty_points" INT NOT NULL
);

-- [4/4] create table note
CREATE TABLE "note" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "text" VARCHAR(100) NOT NULL,
    "profile_id" INT NOT NULL REFERENCES "user_profiles" ("id") ON DELETE CASCADE
);
