-- migrator upgrade: models 0002_auto (sqlite)
-- parent: 0001_initial
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/2] rename column user_profiles.loyalty_points to points
ALTER TABLE "user_profiles" RENAME COLUMN "loyalty_points" TO "points";

-- [2/2] alter column user_profiles.points (type)
CREATE TABLE "_migrator_new_user_profiles" (
    "id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    "name" VARCHAR(50) NOT NULL,
    "points" BIGINT NOT NULL
);
INSERT INTO "_migrator_new_user_profiles" ("id", "name", "points") SELECT "id", "name", "points" FROM "user_profiles";
DELETE FROM "sqlite_sequence" WHERE "name" = '_migrator_new_user_profiles';
INSERT INTO "sqlite_sequence" ("name", "seq") SELECT '_migrator_new_user_profiles', "seq" FROM "sqlite_sequence" WHERE "name" = 'user_profiles';
DROP TABLE "user_profiles";
PRAGMA legacy_alter_table=ON;
ALTER TABLE "_migrator_new_user_profiles" RENAME TO "user_profiles";
PRAGMA legacy_alter_table=OFF;
