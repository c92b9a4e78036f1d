-- migrator downgrade: models 0005_auto (postgres)
-- parent: 0004_auto
-- Blocks marked OUTSIDE TRANSACTION run without a transaction, each statement
-- committing on its own; the other blocks run in transactions (no BEGIN/COMMIT
-- here). The runner records each step as it runs and resumes after a failure.

-- [1/3] alter column ticket.code (null) (undoes upgrade [3/3])
ALTER TABLE "ticket" ALTER COLUMN "code" DROP NOT NULL;

-- [2/3] keep the values filled into ticket.code (undoes upgrade [2/3])
-- (nothing to run on this database)

-- [3/3] drop column ticket.code (undoes upgrade [1/3])
-- DESTRUCTIVE: this can lose data; review before applying
ALTER TABLE "ticket" DROP COLUMN "code";
