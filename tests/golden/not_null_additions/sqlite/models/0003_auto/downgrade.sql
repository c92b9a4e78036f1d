-- migrator downgrade: models 0003_auto (sqlite)
-- parent: 0002_auto
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/2] drop column profiles.bio
-- DESTRUCTIVE: this can lose data; review before applying
ALTER TABLE "profiles" DROP COLUMN "bio";

-- [2/2] rename table profiles to user_profiles
ALTER TABLE "profiles" RENAME TO "user_profiles";
