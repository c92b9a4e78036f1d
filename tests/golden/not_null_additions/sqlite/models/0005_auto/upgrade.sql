-- migrator upgrade: models 0005_auto (sqlite)
-- parent: 0004_auto
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/3] add column ticket.code
CREATE TABLE "_migrator_new_ticket" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "label" VARCHAR(40) NOT NULL,
    "code" CHAR(36) UNIQUE
);
INSERT INTO "_migrator_new_ticket" ("id", "label") SELECT "id", "label" FROM "ticket";
DELETE FROM "sqlite_sequence" WHERE "name" = '_migrator_new_ticket';
INSERT INTO "sqlite_sequence" ("name", "seq") SELECT '_migrator_new_ticket', "seq" FROM "sqlite_sequence" WHERE "name" = 'ticket';
DROP TABLE "ticket";
PRAGMA legacy_alter_table=ON;
ALTER TABLE "_migrator_new_ticket" RENAME TO "ticket";
PRAGMA legacy_alter_table=OFF;

-- [2/3] fill existing rows of ticket.code (review the value)
-- REVIEW: the value every existing row gets; edit it before applying
UPDATE "ticket" SET "code" = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))) WHERE "code" IS NULL;

-- [3/3] alter column ticket.code (null)
CREATE TABLE "_migrator_new_ticket" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "label" VARCHAR(40) NOT NULL,
    "code" CHAR(36) NOT NULL UNIQUE
);
INSERT INTO "_migrator_new_ticket" ("id", "label", "code") SELECT "id", "label", "code" FROM "ticket";
DELETE FROM "sqlite_sequence" WHERE "name" = '_migrator_new_ticket';
INSERT INTO "sqlite_sequence" ("name", "seq") SELECT '_migrator_new_ticket', "seq" FROM "sqlite_sequence" WHERE "name" = 'ticket';
DROP TABLE "ticket";
PRAGMA legacy_alter_table=ON;
ALTER TABLE "_migrator_new_ticket" RENAME TO "ticket";
PRAGMA legacy_alter_table=OFF;
