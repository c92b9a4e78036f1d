-- migrator upgrade: models 0002_auto (postgres)
-- parent: 0001_initial
-- Blocks marked OUTSIDE TRANSACTION run without a transaction, each statement
-- committing on its own; the other blocks run in transactions (no BEGIN/COMMIT
-- here). The runner records each step as it runs and resumes after a failure.

-- [1/6] rename column user.username to handle
ALTER TABLE "user" RENAME COLUMN "username" TO "handle";
ALTER TABLE "user" RENAME CONSTRAINT "user_username_key" TO "user_handle_key";

-- [2/6] add index idx_order_created on order
-- OUTSIDE TRANSACTION: CREATE INDEX CONCURRENTLY builds the index while writes go on, and cannot run in a transaction
CREATE INDEX CONCURRENTLY "idx_order_created" ON "order" ("created_at");

-- [3/6] add column product.description
ALTER TABLE "product" ADD COLUMN "description" TEXT;
COMMENT ON COLUMN "product"."description" IS 'Long marketing copy; optional';

-- [4/6] add column product.is_active
ALTER TABLE "product" ADD COLUMN "is_active" BOOL NOT NULL DEFAULT TRUE;
COMMENT ON COLUMN "product"."is_active" IS 'Listed in the shop';

-- [5/6] set comment on table tag
COMMENT ON TABLE "tag" IS 'A free-form label shoppers can filter by.';

-- [6/6] alter column user.handle (comment)
COMMENT ON COLUMN "user"."handle" IS 'Public login name, shown next to reviews';
