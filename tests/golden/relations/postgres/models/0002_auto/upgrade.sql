-- migrator upgrade: models 0002_auto (postgres)
-- parent: 0001_initial
-- Blocks marked OUTSIDE TRANSACTION run without a transaction, each statement
-- committing on its own; the other blocks run in transactions (no BEGIN/COMMIT
-- here). The runner records each step as it runs and resumes after a failure.

-- [1/2] alter column book.author_id (foreign key)
-- OUTSIDE TRANSACTION: the foreign key is added NOT VALID (a brief lock) and validated in its own transaction, whose scan lets writes through
ALTER TABLE "book" DROP CONSTRAINT "book_author_id_fkey";
ALTER TABLE "book" ADD CONSTRAINT "book_author_id_fkey" FOREIGN KEY ("author_id") REFERENCES "author" ("id") ON DELETE RESTRICT NOT VALID;
ALTER TABLE "book" VALIDATE CONSTRAINT "book_author_id_fkey";

-- [2/2] add column book.publisher_id
-- OUTSIDE TRANSACTION: the foreign key is added NOT VALID (a brief lock) and validated in its own transaction, whose scan lets writes through
ALTER TABLE "book" ADD COLUMN "publisher_id" INT;
COMMENT ON COLUMN "book"."publisher_id" IS 'Unknown for books imported before publishers were tracked';
ALTER TABLE "book" ADD CONSTRAINT "book_publisher_id_fkey" FOREIGN KEY ("publisher_id") REFERENCES "publisher" ("id") ON DELETE SET NULL NOT VALID;
ALTER TABLE "book" VALIDATE CONSTRAINT "book_publisher_id_fkey";
