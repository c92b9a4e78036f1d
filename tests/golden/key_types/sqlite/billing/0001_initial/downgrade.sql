-- migrator downgrade: billing 0001_initial (sqlite)
-- parent: none (first migration)
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/1] drop table billing_invoice
-- DESTRUCTIVE: this can lose data; review before applying
DROP TABLE "billing_invoice";
