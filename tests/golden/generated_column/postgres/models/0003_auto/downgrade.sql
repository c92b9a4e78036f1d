-- migrator downgrade: models 0003_auto (postgres)
-- parent: 0002_alter_column_article_search_type
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/2] alter column article.search (type)
ALTER TABLE "article" DROP COLUMN "search";
ALTER TABLE "article" ADD COLUMN "search" TSVECTOR GENERATED ALWAYS AS (SETWEIGHT(TO_TSVECTOR('english',COALESCE("title", '')),'A') || SETWEIGHT(TO_TSVECTOR('english',COALESCE("body", '')),'B')) STORED NOT NULL;
COMMENT ON COLUMN "article"."search" IS 'what full-text search reads';
CREATE INDEX "idx_article_search_df7f45" ON "article" USING GIN ("search");

-- [2/2] drop column article.subtitle
-- DESTRUCTIVE: this can lose data; review before applying
ALTER TABLE "article" DROP COLUMN "subtitle";
