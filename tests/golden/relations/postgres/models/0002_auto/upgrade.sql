-- migrator upgrade: models 0002_auto (postgres)
-- parent: 0001_initial
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/2] alter column book.author_id (foreign key)
ALTER TABLE "book" DROP CONSTRAINT "book_author_id_fkey";
ALTER TABLE "book" ADD CONSTRAINT "book_author_id_fkey" FOREIGN KEY ("author_id") REFERENCES "author" ("id") ON DELETE RESTRICT;

-- [2/2] add column book.publisher_id
ALTER TABLE "book" ADD COLUMN "publisher_id" INT REFERENCES "publisher" ("id") ON DELETE SET NULL;
COMMENT ON COLUMN "book"."publisher_id" IS 'Unknown for books imported before publishers were tracked';
