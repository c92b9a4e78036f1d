-- migrator downgrade: models 0003_auto (postgres)
-- parent: 0002_auto
-- Blocks marked OUTSIDE TRANSACTION run without a transaction, each statement
-- committing on its own; the other blocks run in transactions (no BEGIN/COMMIT
-- here). The runner records each step as it runs and resumes after a failure.

-- [1/7] drop index idx_specimen_nicknam_403e88 on specimen (undoes upgrade [7/7])
-- OUTSIDE TRANSACTION: DROP INDEX CONCURRENTLY does not block writes, and cannot run in a transaction
DROP INDEX CONCURRENTLY "idx_specimen_nicknam_403e88";

-- [2/7] alter column specimen.label (unique) (undoes upgrade [6/7])
ALTER TABLE "specimen" DROP CONSTRAINT "specimen_label_key";

-- [3/7] alter column specimen.rank (null) (undoes upgrade [5/7])
-- OUTSIDE TRANSACTION: NOT NULL is proven by a NOT VALID check validated in its own transaction, so SET NOT NULL needs no scan under an exclusive lock
ALTER TABLE "specimen" ADD CONSTRAINT "specimen_rank_not_null" CHECK ("rank" IS NOT NULL) NOT VALID;
ALTER TABLE "specimen" VALIDATE CONSTRAINT "specimen_rank_not_null";
ALTER TABLE "specimen" ALTER COLUMN "rank" SET NOT NULL;
ALTER TABLE "specimen" DROP CONSTRAINT "specimen_rank_not_null";

-- [4/7] alter column specimen.price (type) (undoes upgrade [4/7])
-- DESTRUCTIVE: this can lose data; review before applying
ALTER TABLE "specimen" ALTER COLUMN "price" DROP DEFAULT;
ALTER TABLE "specimen" ALTER COLUMN "price" TYPE DECIMAL(10,2) USING "price"::DECIMAL(10,2);
ALTER TABLE "specimen" ALTER COLUMN "price" SET DEFAULT 0.00;

-- [5/7] alter column specimen.flag (default) (undoes upgrade [3/7])
ALTER TABLE "specimen" ALTER COLUMN "flag" SET DEFAULT FALSE;

-- [6/7] alter column specimen.title (type) (undoes upgrade [2/7])
-- DESTRUCTIVE: this can lose data; review before applying
ALTER TABLE "specimen" ALTER COLUMN "title" TYPE VARCHAR(100);

-- [7/7] drop table token_use (undoes upgrade [1/7])
-- DESTRUCTIVE: this can lose data; review before applying
DROP TABLE "token_use";
