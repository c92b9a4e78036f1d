-- migrator upgrade: models 0004_auto (postgres)
-- parent: 0003_auto
-- Blocks marked OUTSIDE TRANSACTION run without a transaction, each statement
-- committing on its own; the other blocks run in transactions (no BEGIN/COMMIT
-- here). The runner records each step as it runs and resumes after a failure.

-- [1/2] add column article.title_search
ALTER TABLE "article" ADD COLUMN "title_search" TSVECTOR GENERATED ALWAYS AS (TO_TSVECTOR('simple',COALESCE("title", ''))) STORED NOT NULL;

-- [2/2] add index idx_article_title_s_228a8a on article
-- OUTSIDE TRANSACTION: CREATE INDEX CONCURRENTLY builds the index while writes go on, and cannot run in a transaction
CREATE INDEX CONCURRENTLY "idx_article_title_s_228a8a" ON "article" USING GIN ("title_search");
