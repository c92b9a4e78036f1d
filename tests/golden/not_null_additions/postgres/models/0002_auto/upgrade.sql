-- migrator upgrade: models 0002_auto (postgres)
-- parent: 0001_initial
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/2] rename column user_profiles.loyalty_points to points
ALTER TABLE "user_profiles" RENAME COLUMN "loyalty_points" TO "points";

-- [2/2] alter column user_profiles.points (type)
ALTER TABLE "user_profiles" ALTER COLUMN "points" TYPE BIGINT USING "points"::BIGINT;
