-- migrator upgrade: models 0002_auto (sqlite)
-- parent: 0001_initial
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/6] rename column user.username to handle
ALTER TABLE "user" RENAME COLUMN "username" TO "handle";

-- [2/6] add index idx_order_created on order
CREATE INDEX "idx_order_created" ON "order" ("created_at");

-- [3/6] add column product.description
ALTER TABLE "product" ADD COLUMN "description" TEXT /* Long marketing copy; optional */;

-- [4/6] add column product.is_active
ALTER TABLE "product" ADD COLUMN "is_active" INT NOT NULL DEFAULT 1 /* Listed in the shop */;

-- [5/6] set comment on table tag
-- (nothing to run on this database)

-- [6/6] alter column user.handle (comment)
-- (nothing to run on this database)
