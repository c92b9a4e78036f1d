-- migrator upgrade: models 0005_auto (postgres)
-- parent: 0004_auto
-- Blocks marked OUTSIDE TRANSACTION run without a transaction, each statement
-- committing on its own; the other blocks run in transactions (no BEGIN/COMMIT
-- here). The runner records each step as it runs and resumes after a failure.

-- [1/3] add column ticket.code
-- OUTSIDE TRANSACTION: the unique index is built CONCURRENTLY (no transaction allowed) and then attached as the constraint
ALTER TABLE "ticket" ADD COLUMN "code" UUID;
CREATE UNIQUE INDEX CONCURRENTLY "ticket_code_key" ON "ticket" ("code");
ALTER TABLE "ticket" ADD CONSTRAINT "ticket_code_key" UNIQUE USING INDEX "ticket_code_key";

-- [2/3] fill existing rows of ticket.code (review the value)
-- REVIEW: the value every existing row gets; edit it before applying
UPDATE "ticket" SET "code" = gen_random_uuid() WHERE "code" IS NULL;

-- [3/3] alter column ticket.code (null)
-- OUTSIDE TRANSACTION: NOT NULL is proven by a NOT VALID check validated in its own transaction, so SET NOT NULL needs no scan under an exclusive lock
ALTER TABLE "ticket" ADD CONSTRAINT "ticket_code_not_null" CHECK ("code" IS NOT NULL) NOT VALID;
ALTER TABLE "ticket" VALIDATE CONSTRAINT "ticket_code_not_null";
ALTER TABLE "ticket" ALTER COLUMN "code" SET NOT NULL;
ALTER TABLE "ticket" DROP CONSTRAINT "ticket_code_not_null";
