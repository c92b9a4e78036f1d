-- migrator upgrade: models 0001_initial (sqlite)
-- parent: none (first migration)
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/2] create table specimen
CREATE TABLE "specimen" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "counter" INT NOT NULL DEFAULT 0,
    "small" SMALLINT NOT NULL DEFAULT 1,
    "big" BIGINT NOT NULL DEFAULT 1000,
    "level" SMALLINT NOT NULL,
    "code" VARCHAR(50) NOT NULL,
    "title" VARCHAR(100) NOT NULL,
    "body" TEXT,
    "flag" INT NOT NULL DEFAULT 0,
    "price" VARCHAR(40) NOT NULL DEFAULT 0.00 /* Money: exact decimal */,
    "created" TIMESTAMP NOT NULL,
    "modified" TIMESTAMP NOT NULL,
    "seen_at" TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "day" DATE NOT NULL DEFAULT '2000-01-01',
    "at_time" TIME,
    "duration" BIGINT,
    "ratio" REAL NOT NULL DEFAULT 1.5,
    "payload" JSON,
    "ref" CHAR(36) NOT NULL UNIQUE,
    "blob" BLOB,
    "priority" SMALLINT NOT NULL DEFAULT 2 /* LOW: 1\nNORMAL: 2\nHIGH: 3 */,
    "color" VARCHAR(5) NOT NULL DEFAULT 'red' /* RED: red\nGREEN: green\nBLUE: blue */,
    "quantity" INT,
    "rank" INT NOT NULL,
    "label" VARCHAR(30),
    "nickname" VARCHAR(40)
) /* One row holding a value of every field type. */;

-- [2/2] create table token
CREATE TABLE "token" (
    "id" CHAR(36) NOT NULL PRIMARY KEY,
    "scope" VARCHAR(20) NOT NULL DEFAULT 'read',
    "expires_at" TIMESTAMP,
    "specimen_id" INT REFERENCES "specimen" ("id") ON DELETE SET NULL
) /* An API token; its primary key is a UUID. */;
