-- migrator upgrade: models 0004_auto (sqlite)
-- parent: 0003_auto
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/1] add column event.created_at; add column event.updated_at
CREATE TABLE "_migrator_new_event" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "title" VARCHAR(100) NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "updated_at" TIMESTAMP NOT NULL
);
INSERT INTO "_migrator_new_event" ("id", "title", "created_at", "updated_at") SELECT "id", "title", CURRENT_TIMESTAMP, CURRENT_TIMESTAMP FROM "event";
DELETE FROM "sqlite_sequence" WHERE "name" = '_migrator_new_event';
INSERT INTO "sqlite_sequence" ("name", "seq") SELECT '_migrator_new_event', "seq" FROM "sqlite_sequence" WHERE "name" = 'event';
DROP TABLE "event";
PRAGMA legacy_alter_table=ON;
ALTER TABLE "_migrator_new_event" RENAME TO "event";
PRAGMA legacy_alter_table=OFF;
