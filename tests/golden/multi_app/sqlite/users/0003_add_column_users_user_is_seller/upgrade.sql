-- migrator upgrade: users 0003_add_column_users_user_is_seller (sqlite)
-- parent: 0002_create_table_users_address
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/1] add column users_user.is_seller
ALTER TABLE "users_user" ADD COLUMN "is_seller" INT NOT NULL DEFAULT 0 /* May list products in the shop */;
