-- migrator downgrade: models 0005_add_index_idx_volume_title_0cbb1d_on_library_volum (postgres)
-- parent: 0004_rename_table_library_author_to_archive_author
-- Blocks marked OUTSIDE TRANSACTION run without a transaction, each statement
-- committing on its own; the other blocks run in transactions (no BEGIN/COMMIT
-- here). The runner records each step as it runs and resumes after a failure.

-- [1/1] drop index idx_volume_title_0cbb1d on library.volume (undoes upgrade [1/1])
-- OUTSIDE TRANSACTION: DROP INDEX CONCURRENTLY does not block writes, and cannot run in a transaction
DROP INDEX CONCURRENTLY "library"."idx_volume_title_0cbb1d";
