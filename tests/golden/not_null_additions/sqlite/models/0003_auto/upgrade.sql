-- migrator upgrade: models 0003_auto (sqlite)
-- parent: 0002_auto
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/2] rename table user_profiles to profiles
ALTER TABLE "user_profiles" RENAME TO "profiles";

-- [2/2] add column profiles.bio
ALTER TABLE "profiles" ADD COLUMN "bio" TEXT;
