-- migrator downgrade: models 0002_auto (postgres)
-- parent: 0001_initial
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/2] alter column user_profiles.points (type)
-- DESTRUCTIVE: this can lose data; review before applying
ALTER TABLE "user_profiles" ALTER COLUMN "points" TYPE INT USING "points"::INT;

-- [2/2] rename column user_profiles.points to loyalty_points
ALTER TABLE "user_profiles" RENAME COLUMN "points" TO "loyalty_points";
