-- migrator downgrade: accounts 0003_alter_column_accounts_account_code_type (sqlite)
-- parent: 0002_auto
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/1] alter column accounts_account.code (type)
CREATE TABLE "_migrator_new_accounts_account" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "code" VARCHAR(40) NOT NULL UNIQUE,
    "name" VARCHAR(100) NOT NULL
) /* An account; the billing app's foreign keys reference its id and its code. */;
INSERT INTO "_migrator_new_accounts_account" ("id", "code", "name") SELECT "id", "code", "name" FROM "accounts_account";
DELETE FROM "sqlite_sequence" WHERE "name" = '_migrator_new_accounts_account';
INSERT INTO "sqlite_sequence" ("name", "seq") SELECT '_migrator_new_accounts_account', "seq" FROM "sqlite_sequence" WHERE "name" = 'accounts_account';
DROP TABLE "accounts_account";
PRAGMA legacy_alter_table=ON;
ALTER TABLE "_migrator_new_accounts_account" RENAME TO "accounts_account";
PRAGMA legacy_alter_table=OFF;
