-- migrator upgrade: models 0003_auto (postgres)
-- parent: 0002_auto
-- Blocks marked OUTSIDE TRANSACTION run without a transaction, each statement
-- committing on its own; the other blocks run in transactions (no BEGIN/COMMIT
-- here). The runner records each step as it runs and resumes after a failure.

-- [1/4] alter column book.author_id (null, foreign key)
-- OUTSIDE TRANSACTION: the foreign key is added NOT VALID (a brief lock) and validated in its own transaction, whose scan lets writes through
ALTER TABLE "book" DROP CONSTRAINT "book_author_id_fkey";
ALTER TABLE "book" ALTER COLUMN "author_id" DROP NOT NULL;
ALTER TABLE "book" ADD CONSTRAINT "book_author_id_fkey" FOREIGN KEY ("author_id") REFERENCES "author" ("id") ON DELETE SET NULL NOT VALID;
ALTER TABLE "book" VALIDATE CONSTRAINT "book_author_id_fkey";

-- [2/4] add column profile.pen_name
ALTER TABLE "profile" ADD COLUMN "pen_name" VARCHAR(100);

-- [3/4] alter column profile.author_id (unique)
ALTER TABLE "profile" DROP CONSTRAINT "profile_author_id_key";

-- [4/4] set comment on table profile
COMMENT ON TABLE "profile" IS 'Public details of an author: one per pen name, so an author may have several.';
