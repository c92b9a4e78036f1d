-- migrator downgrade: models 0003_auto (sqlite)
-- parent: 0002_auto
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/9] rename index uidx_item_tag_item_id_aa205c to uidx_product_tag_product_1dd626 on item_tag
DROP INDEX "uidx_item_tag_item_id_aa205c";
CREATE UNIQUE INDEX "uidx_product_tag_product_1dd626" ON "item_tag" ("item_id", "tag_id");

-- [2/9] set comment on table item
-- (nothing to run on this database)

-- [3/9] rename index idx_item_categor_e76015 to idx_product_categor_941d41 on item
DROP INDEX "idx_item_categor_e76015";
CREATE INDEX "idx_product_categor_941d41" ON "item" ("category_id", "name");

-- [4/9] rename column user.last_name to __migrator_tmp_first_name
ALTER TABLE "user" RENAME COLUMN "last_name" TO "__migrator_tmp_first_name";

-- [5/9] rename column user.first_name to last_name
ALTER TABLE "user" RENAME COLUMN "first_name" TO "last_name";

-- [6/9] rename column user.__migrator_tmp_first_name to first_name
ALTER TABLE "user" RENAME COLUMN "__migrator_tmp_first_name" TO "first_name";

-- [7/9] rename column item_tag.item_id to product_id
ALTER TABLE "item_tag" RENAME COLUMN "item_id" TO "product_id";

-- [8/9] rename table item_tag to product_tag
ALTER TABLE "item_tag" RENAME TO "product_tag";

-- [9/9] rename table item to product
ALTER TABLE "item" RENAME TO "product";
