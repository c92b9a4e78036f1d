-- migrator upgrade: users 0004_auto (postgres)
-- parent: 0003_add_column_users_user_is_seller
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/2] add column users_address.instructions
ALTER TABLE "users_address" ADD COLUMN "instructions" VARCHAR(200);

-- [2/2] drop column users_address.line2
-- DESTRUCTIVE: this can lose data; review before applying
ALTER TABLE "users_address" DROP COLUMN "line2";
