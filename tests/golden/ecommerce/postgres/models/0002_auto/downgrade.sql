-- migrator downgrade: models 0002_auto (postgres)
-- parent: 0001_initial
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/6] alter column user.handle (comment)
COMMENT ON COLUMN "user"."handle" IS 'Public login name';

-- [2/6] set comment on table tag
COMMENT ON TABLE "tag" IS NULL;

-- [3/6] drop column product.is_active
-- DESTRUCTIVE: this can lose data; review before applying
ALTER TABLE "product" DROP COLUMN "is_active";

-- [4/6] drop column product.description
-- DESTRUCTIVE: this can lose data; review before applying
ALTER TABLE "product" DROP COLUMN "description";

-- [5/6] drop index idx_order_created on order
DROP INDEX "idx_order_created";

-- [6/6] rename column user.handle to username
ALTER TABLE "user" RENAME COLUMN "handle" TO "username";
ALTER TABLE "user" RENAME CONSTRAINT "user_handle_key" TO "user_username_key";
