-- migrator downgrade: models 0003_auto (postgres)
-- parent: 0002_auto
-- Blocks marked OUTSIDE TRANSACTION run without a transaction, each statement
-- committing on its own; the other blocks run in transactions (no BEGIN/COMMIT
-- here). The runner records each step as it runs and resumes after a failure.

-- [1/4] set comment on table profile (undoes upgrade [4/4])
COMMENT ON TABLE "profile" IS 'Public details of an author: at most one per author.';

-- [2/4] alter column profile.author_id (unique) (undoes upgrade [3/4])
-- OUTSIDE TRANSACTION: the unique index is built CONCURRENTLY (no transaction allowed) and then attached as the constraint
CREATE UNIQUE INDEX CONCURRENTLY "profile_author_id_key" ON "profile" ("author_id");
ALTER TABLE "profile" ADD CONSTRAINT "profile_author_id_key" UNIQUE USING INDEX "profile_author_id_key";

-- [3/4] drop column profile.pen_name (undoes upgrade [2/4])
-- DESTRUCTIVE: this can lose data; review before applying
ALTER TABLE "profile" DROP COLUMN "pen_name";

-- [4/4] alter column book.author_id (null, foreign key) (undoes upgrade [1/4])
-- OUTSIDE TRANSACTION: NOT NULL is proven by a NOT VALID check validated in its own transaction, so SET NOT NULL needs no scan under an exclusive lock; the foreign key is added NOT VALID (a brief lock) and validated in its own transaction, whose scan lets writes through
ALTER TABLE "book" DROP CONSTRAINT "book_author_id_fkey";
ALTER TABLE "book" ADD CONSTRAINT "book_author_id_not_null" CHECK ("author_id" IS NOT NULL) NOT VALID;
ALTER TABLE "book" VALIDATE CONSTRAINT "book_author_id_not_null";
ALTER TABLE "book" ALTER COLUMN "author_id" SET NOT NULL;
ALTER TABLE "book" DROP CONSTRAINT "book_author_id_not_null";
ALTER TABLE "book" ADD CONSTRAINT "book_author_id_fkey" FOREIGN KEY ("author_id") REFERENCES "author" ("id") ON DELETE RESTRICT NOT VALID;
ALTER TABLE "book" VALIDATE CONSTRAINT "book_author_id_fkey";
