-- migrator upgrade: models 0001_initial (postgres)
-- parent: none (first migration)
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/1] create table article
CREATE TABLE "article" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "title" VARCHAR(200) NOT NULL,
    "body" TEXT,
    "search" TSVECTOR GENERATED ALWAYS AS (TO_TSVECTOR('english',COALESCE("title", ''))) STORED NOT NULL,
    "published" BOOL NOT NULL
);
CREATE INDEX "idx_article_search_df7f45" ON "article" USING GIN ("search");
COMMENT ON COLUMN "article"."search" IS 'what full-text search reads';
