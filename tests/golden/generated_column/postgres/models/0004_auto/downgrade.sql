-- migrator downgrade: models 0004_auto (postgres)
-- parent: 0003_auto
-- Blocks marked OUTSIDE TRANSACTION run without a transaction, each statement
-- committing on its own; the other blocks run in transactions (no BEGIN/COMMIT
-- here). The runner records each step as it runs and resumes after a failure.

-- [1/2] drop index idx_article_title_s_228a8a on article (undoes upgrade [2/2])
-- OUTSIDE TRANSACTION: DROP INDEX CONCURRENTLY does not block writes, and cannot run in a transaction
DROP INDEX CONCURRENTLY "idx_article_title_s_228a8a";

-- [2/2] drop column article.title_search (undoes upgrade [1/2])
-- DESTRUCTIVE: this can lose data; review before applying
ALTER TABLE "article" DROP COLUMN "title_search";
