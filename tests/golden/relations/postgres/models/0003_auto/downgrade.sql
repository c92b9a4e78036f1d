-- migrator downgrade: models 0003_auto (postgres)
-- parent: 0002_auto
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/4] set comment on table profile
COMMENT ON TABLE "profile" IS 'Public details of an author: at most one per author.';

-- [2/4] alter column profile.author_id (unique)
ALTER TABLE "profile" ADD CONSTRAINT "profile_author_id_key" UNIQUE ("author_id");

-- [3/4] drop column profile.pen_name
-- DESTRUCTIVE: this can lose data; review before applying
ALTER TABLE "profile" DROP COLUMN "pen_name";

-- [4/4] alter column book.author_id (null, foreign key)
ALTER TABLE "book" DROP CONSTRAINT "book_author_id_fkey";
ALTER TABLE "book" ALTER COLUMN "author_id" SET NOT NULL;
ALTER TABLE "book" ADD CONSTRAINT "book_author_id_fkey" FOREIGN KEY ("author_id") REFERENCES "author" ("id") ON DELETE RESTRICT;
