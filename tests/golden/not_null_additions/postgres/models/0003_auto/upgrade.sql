-- migrator upgrade: models 0003_auto (postgres)
-- parent: 0002_auto
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/2] rename table user_profiles to profiles
ALTER TABLE "user_profiles" RENAME TO "profiles";
ALTER TABLE "profiles" RENAME CONSTRAINT "user_profiles_pkey" TO "profiles_pkey";
ALTER SEQUENCE "user_profiles_id_seq" RENAME TO "profiles_id_seq";

-- [2/2] add column profiles.bio
ALTER TABLE "profiles" ADD COLUMN "bio" TEXT;
