-- migrator upgrade: models 0005_add_index_idx_volume_title_0cbb1d_on_library_volum (postgres)
-- parent: 0004_rename_table_library_author_to_archive_author
-- Blocks marked OUTSIDE TRANSACTION run without a transaction, each statement
-- committing on its own; the other blocks run in transactions (no BEGIN/COMMIT
-- here). The runner records each step as it runs and resumes after a failure.

-- [1/1] add index idx_volume_title_0cbb1d on library.volume
-- OUTSIDE TRANSACTION: CREATE INDEX CONCURRENTLY builds the index while writes go on, and cannot run in a transaction
CREATE INDEX CONCURRENTLY "idx_volume_title_0cbb1d" ON "library"."volume" ("title", "author_id");
