-- migrator downgrade: users 0003_add_column_users_user_is_seller (postgres)
-- parent: 0002_create_table_users_address
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/1] drop column users_user.is_seller
-- DESTRUCTIVE: this can lose data; review before applying
ALTER TABLE "users_user" DROP COLUMN "is_seller";
