-- migrator downgrade: models 0002_auto (postgres)
-- parent: 0001_initial
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/2] drop column book.publisher_id
-- DESTRUCTIVE: this can lose data; review before applying
ALTER TABLE "book" DROP COLUMN "publisher_id";

-- [2/2] alter column book.author_id (foreign key)
ALTER TABLE "book" DROP CONSTRAINT "book_author_id_fkey";
ALTER TABLE "book" ADD CONSTRAINT "book_author_id_fkey" FOREIGN KEY ("author_id") REFERENCES "author" ("id") ON DELETE CASCADE;
