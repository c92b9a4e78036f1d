-- migrator upgrade: models 0002_auto (sqlite)
-- parent: 0001_initial
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/1] alter column specimen.counter (type); alter column specimen.small (type); alter column specimen.level (default); alter column specimen.code (type); alter column specimen.ratio (default); alter column specimen.quantity (null, default)
CREATE TABLE "_migrator_new_specimen" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "counter" BIGINT NOT NULL DEFAULT 0,
    "small" INT NOT NULL DEFAULT 1,
    "big" BIGINT NOT NULL DEFAULT 1000,
    "level" SMALLINT NOT NULL DEFAULT 5,
    "code" VARCHAR(200) NOT NULL,
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
    "ratio" REAL NOT NULL DEFAULT 2.5,
    "payload" JSON,
    "ref" CHAR(36) NOT NULL UNIQUE,
    "blob" BLOB,
    "priority" SMALLINT NOT NULL DEFAULT 2 /* LOW: 1\nNORMAL: 2\nHIGH: 3 */,
    "color" VARCHAR(5) NOT NULL DEFAULT 'red' /* RED: red\nGREEN: green\nBLUE: blue */,
    "quantity" INT NOT NULL DEFAULT 0,
    "rank" INT NOT NULL,
    "label" VARCHAR(30),
    "nickname" VARCHAR(40)
) /* One row holding a value of every field type. */;
INSERT INTO "_migrator_new_specimen" ("id", "counter", "small", "big", "level", "code", "title", "body", "flag", "price", "created", "modified", "seen_at", "day", "at_time", "duration", "ratio", "payload", "ref", "blob", "priority", "color", "quantity", "rank", "label", "nickname") SELECT "id", "counter", "small", "big", "level", "code", "title", "body", "flag", "price", "created", "modified", "seen_at", "day", "at_time", "duration", "ratio", "payload", "ref", "blob", "priority", "color", COALESCE("quantity", 0), "rank", "label", "nickname" FROM "specimen";
DELETE FROM "sqlite_sequence" WHERE "name" = '_migrator_new_specimen';
INSERT INTO "sqlite_sequence" ("name", "seq") SELECT '_migrator_new_specimen', "seq" FROM "sqlite_sequence" WHERE "name" = 'specimen';
DROP TABLE "specimen";
PRAGMA legacy_alter_table=ON;
ALTER TABLE "_migrator_new_specimen" RENAME TO "specimen";
PRAGMA legacy_alter_table=OFF;
