-- migrator downgrade: users 0002_create_table_users_address (sqlite)
-- parent: 0001_initial
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/1] drop table users_address
-- DESTRUCTIVE: this can lose data; review before applying
DROP TABLE "users_address";
