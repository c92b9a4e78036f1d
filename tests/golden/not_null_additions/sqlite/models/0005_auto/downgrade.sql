-- migrator downgrade: models 0005_auto (sqlite)
-- parent: 0004_auto
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/3] alter column ticket.code (null)
CREATE TABLE "_migrator_new_ticket" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "label" VARCHAR(40) NOT NULL,
    "code" CHAR(36) UNIQUE
);
INSERT INTO "_migrator_new_ticket" ("id", "label", "code") SELECT "id", "label", "code" FROM "ticket";
DELETE FROM "sqlite_sequence" WHERE "name" = '_migrator_new_ticket';
INSERT INTO "sqlite_sequence" ("name", "seq") SELECT '_migrator_new_ticket', "seq" FROM "sqlite_sequence" WHERE "name" = 'ticket';
DROP TABLE "ticket";
PRAGMA legacy_alter_table=ON;
ALTER TABLE "_migrator_new_ticket" RENAME TO "ticket";
PRAGMA legacy_alter_table=OFF;

-- [2/3] keep the values filled into ticket.code
-- (nothing to run on this database)

-- [3/3] drop column ticket.code
-- DESTRUCTIVE: this can lose data; review before applying
CREATE TABLE "_migrator_new_ticket" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "label" VARCHAR(40) NOT NULL
);
INSERT INTO "_migrator_new_ticket" ("id", "label") SELECT "id", "label" FROM "ticket";
DELETE FROM "sqlite_sequence" WHERE "name" = '_migrator_new_ticket';
INSERT INTO "sqlite_sequence" ("name", "seq") SELECT '_migrator_new_ticket', "seq" FROM "sqlite_sequence" WHERE "name" = 'ticket';
DROP TABLE "ticket";
PRAGMA legacy_alter_table=ON;
ALTER TABLE "_migrator_new_ticket" RENAME TO "ticket";
PRAGMA legacy_alter_table=OFF;
