-- migrator upgrade: models 0003_auto (postgres)
-- parent: 0002_rename_column_library_author_name_to_full_name
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/4] rename table library.book to library.volume
ALTER TABLE "library"."book" RENAME TO "volume";
ALTER TABLE "library"."volume" RENAME CONSTRAINT "book_pkey" TO "volume_pkey";
ALTER SEQUENCE "library"."book_id_seq" RENAME TO "volume_id_seq";
ALTER TABLE "library"."volume" RENAME CONSTRAINT "book_author_id_fkey" TO "volume_author_id_fkey";
ALTER TABLE "library"."volume" RENAME CONSTRAINT "book_shelved_by_id_fkey" TO "volume_shelved_by_id_fkey";

-- [2/4] rename table library.book_tag to library.volume_tag
ALTER TABLE "library"."book_tag" RENAME TO "volume_tag";
ALTER TABLE "library"."volume_tag" RENAME CONSTRAINT "book_tag_book_id_fkey" TO "volume_tag_book_id_fkey";
ALTER TABLE "library"."volume_tag" RENAME CONSTRAINT "book_tag_tag_id_fkey" TO "volume_tag_tag_id_fkey";

-- [3/4] rename column library.volume_tag.book_id to volume_id
ALTER TABLE "library"."volume_tag" RENAME COLUMN "book_id" TO "volume_id";
ALTER TABLE "library"."volume_tag" RENAME CONSTRAINT "volume_tag_book_id_fkey" TO "volume_tag_volume_id_fkey";

-- [4/4] rename index uidx_book_tag_book_id_7bc185 to uidx_volume_tag_volume__9ae878 on library.volume_tag
ALTER INDEX "library"."uidx_book_tag_book_id_7bc185" RENAME TO "uidx_volume_tag_volume__9ae878";
