-- migrator downgrade: models 0002_alter_column_article_search_type (postgres)
-- parent: 0001_initial
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/1] alter column article.search (type)
ALTER TABLE "article" DROP COLUMN "search";
ALTER TABLE "article" ADD COLUMN "search" TSVECTOR GENERATED ALWAYS AS (TO_TSVECTOR('english',COALESCE("title", ''))) STORED NOT NULL;
COMMENT ON COLUMN "article"."search" IS 'what full-text search reads';
CREATE INDEX "idx_article_search_df7f45" ON "article" USING GIN ("search");
