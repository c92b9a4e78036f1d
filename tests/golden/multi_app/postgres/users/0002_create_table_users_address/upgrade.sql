-- migrator upgrade: users 0002_create_table_users_address (postgres)
-- parent: 0001_initial
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/1] create table users_address
CREATE TABLE "users_address" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "line1" VARCHAR(200) NOT NULL,
    "line2" VARCHAR(200),
    "city" VARCHAR(100) NOT NULL,
    "user_id" INT NOT NULL REFERENCES "users_user" ("id") ON DELETE CASCADE
);
COMMENT ON TABLE "users_address" IS 'A postal address of a user.';
