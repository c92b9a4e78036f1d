-- migrator downgrade: models 0003_auto (postgres)
-- parent: 0002_rename_column_library_author_name_to_full_name
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/4] rename index uidx_volume_tag_volume__9ae878 to uidx_book_tag_book_id_7bc185 on library.volume_tag
ALTER INDEX "library"."uidx_volume_tag_volume__9ae878" RENAME TO "uidx_book_tag_book_id_7bc185";

-- [2/4] rename column library.volume_tag.volume_id to book_id
ALTER TABLE "library"."volume_tag" RENAME COLUMN "volume_id" TO "book_id";
ALTER TABLE "library"."volume_tag" RENAME CONSTRAINT "volume_tag_volume_id_fkey" TO "volume_tag_book_id_fkey";

-- [3/4] rename table library.volume_tag to library.book_tag
ALTER TABLE "library"."volume_tag" RENAME TO "book_tag";
ALTER TABLE "library"."book_tag" RENAME CONSTRAINT "volume_tag_book_id_fkey" TO "book_tag_book_id_fkey";
ALTER TABLE "library"."book_tag" RENAME CONSTRAINT "volume_tag_tag_id_fkey" TO "book_tag_tag_id_fkey";

-- [4/4] rename table library.volume to library.book
ALTER TABLE "library"."volume" RENAME TO "book";
ALTER TABLE "library"."book" RENAME CONSTRAINT "volume_pkey" TO "book_pkey";
ALTER SEQUENCE "library"."volume_id_seq" RENAME TO "book_id_seq";
ALTER TABLE "library"."book" RENAME CONSTRAINT "volume_author_id_fkey" TO "book_author_id_fkey";
ALTER TABLE "library"."book" RENAME CONSTRAINT "volume_shelved_by_id_fkey" TO "book_shelved_by_id_fkey";
