-- migrator downgrade: models 0004_auto (postgres)
-- parent: 0003_auto
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/3] set comment on table profile
COMMENT ON TABLE "profile" IS 'Public details of an author: one per pen name, so an author may have several.';

-- [2/3] alter column profile.author_id (unique)
ALTER TABLE "profile" DROP CONSTRAINT "profile_author_id_key";

-- [3/3] drop column membership.joined_on
-- DESTRUCTIVE: this can lose data; review before applying
ALTER TABLE "membership" DROP COLUMN "joined_on";
