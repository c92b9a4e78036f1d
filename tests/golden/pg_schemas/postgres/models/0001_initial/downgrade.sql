-- migrator downgrade: models 0001_initial (postgres)
-- parent: none (first migration)
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/9] drop table loan
-- DESTRUCTIVE: this can lose data; review before applying
DROP TABLE "loan";

-- [2/9] drop table library.catalogue_note
-- DESTRUCTIVE: this can lose data; review before applying
DROP TABLE "library"."catalogue_note";

-- [3/9] drop table library.book_tag
-- DESTRUCTIVE: this can lose data; review before applying
DROP TABLE "library"."book_tag";

-- [4/9] drop table member_author
-- DESTRUCTIVE: this can lose data; review before applying
DROP TABLE "member_author";

-- [5/9] drop table library.book
-- DESTRUCTIVE: this can lose data; review before applying
DROP TABLE "library"."book";

-- [6/9] drop table tag
-- DESTRUCTIVE: this can lose data; review before applying
DROP TABLE "tag";

-- [7/9] drop table note
-- DESTRUCTIVE: this can lose data; review before applying
DROP TABLE "note";

-- [8/9] drop table member
-- DESTRUCTIVE: this can lose data; review before applying
DROP TABLE "member";

-- [9/9] drop table library.author
-- DESTRUCTIVE: this can lose data; review before applying
DROP TABLE "library"."author";
