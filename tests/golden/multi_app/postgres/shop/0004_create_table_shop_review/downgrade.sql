-- migrator downgrade: shop 0004_create_table_shop_review (postgres)
-- parent: 0003_auto
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/1] drop table shop_review
-- DESTRUCTIVE: this can lose data; review before applying
DROP TABLE "shop_review";
