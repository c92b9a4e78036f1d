-- migrator downgrade: models 0002_auto (postgres)
-- parent: 0001_initial
-- Blocks marked OUTSIDE TRANSACTION run without a transaction, each statement
-- committing on its own; the other blocks run in transactions (no BEGIN/COMMIT
-- here). The runner records each step as it runs and resumes after a failure.

-- [1/2] drop column book.publisher_id (undoes upgrade [2/2])
-- DESTRUCTIVE: this can lose data; review before applying
ALTER TABLE "book" DROP COLUMN "publisher_id";

-- [2/2] alter column book.author_id (foreign key) (undoes upgrade [1/2])
-- OUTSIDE TRANSACTION: the foreign key is added NOT VALID (a brief lock) and validated in its own transaction, whose scan lets writes through
ALTER TABLE "book" DROP CONSTRAINT "book_author_id_fkey";
ALTER TABLE "book" ADD CONSTRAINT "book_author_id_fkey" FOREIGN KEY ("author_id") REFERENCES "author" ("id") ON DELETE CASCADE NOT VALID;
ALTER TABLE "book" VALIDATE CONSTRAINT "book_author_id_fkey";
