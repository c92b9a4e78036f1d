-- migrator upgrade: users 0001_initial (postgres)
-- parent: none (first migration)
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/1] create table users_user
CREATE TABLE "users_user" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "email" VARCHAR(255) NOT NULL UNIQUE,
    "name" VARCHAR(100) NOT NULL
);
COMMENT ON TABLE "users_user" IS 'An account holder.';
