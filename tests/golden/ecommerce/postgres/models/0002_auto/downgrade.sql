-- migrator downgrade: models 0002_auto (postgres)
-- parent: 0001_initial
-- Blocks marked OUTSIDE TRANSACTION run without a transaction, each statement
-- committing on its own; the other blocks run in transactions (no BEGIN/COMMIT
-- here). The runner records each step as it runs and resumes after a failure.

-- [1/6] alter column user.handle (comment) (undoes upgrade [6/6])
COMMENT ON COLUMN "user"."handle" IS 'Public login name';

-- [2/6] set comment on table tag (undoes upgrade [5/6])
COMMENT ON TABLE "tag" IS NULL;

-- [3/6] drop column product.is_active (undoes upgrade [4/6])
-- DESTRUCTIVE: this can lose data; review before applying
ALTER TABLE "product" DROP COLUMN "is_active";

-- [4/6] drop column product.description (undoes upgrade [3/6])
-- DESTRUCTIVE: this can lose data; review before applying
ALTER TABLE "product" DROP COLUMN "description";

-- [5/6] drop index idx_order_created on order (undoes upgrade [2/6])
-- OUTSIDE TRANSACTION: DROP INDEX CONCURRENTLY does not block writes, and cannot run in a transaction
DROP INDEX CONCURRENTLY "idx_order_created";

-- [6/6] rename column user.handle to username (undoes upgrade [1/6])
ALTER TABLE "user" RENAME COLUMN "handle" TO "username";
ALTER TABLE "user" RENAME CONSTRAINT "user_handle_key" TO "user_username_key";
