-- migrator upgrade: accounts 0001_initial (postgres)
-- parent: none (first migration)
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/1] create table accounts_account
CREATE TABLE "accounts_account" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "code" VARCHAR(20) NOT NULL UNIQUE,
    "name" VARCHAR(100) NOT NULL
);
COMMENT ON TABLE "accounts_account" IS 'An account; the billing app''s foreign keys reference its id and its code.';
