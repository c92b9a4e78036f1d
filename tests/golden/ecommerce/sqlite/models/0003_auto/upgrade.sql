-- migrator upgrade: models 0003_auto (sqlite)
-- parent: 0002_auto
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/9] rename table product to item
ALTER TABLE "product" RENAME TO "item";

-- [2/9] rename table product_tag to item_tag
ALTER TABLE "product_tag" RENAME TO "item_tag";

-- [3/9] rename column item_tag.product_id to item_id
ALTER TABLE "item_tag" RENAME COLUMN "product_id" TO "item_id";

-- [4/9] rename column user.first_name to __migrator_tmp_first_name
ALTER TABLE "user" RENAME COLUMN "first_name" TO "__migrator_tmp_first_name";

-- [5/9] rename column user.last_name to first_name
ALTER TABLE "user" RENAME COLUMN "last_name" TO "first_name";

-- [6/9] rename column user.__migrator_tmp_first_name to last_name
ALTER TABLE "user" RENAME COLUMN "__migrator_tmp_first_name" TO "last_name";

-- [7/9] rename index idx_product_categor_941d41 to idx_item_categor_e76015 on item
DROP INDEX "idx_product_categor_941d41";
CREATE INDEX "idx_item_categor_e76015" ON "item" ("category_id", "name");

-- [8/9] set comment on table item
-- (nothing to run on this database)

-- [9/9] rename index uidx_product_tag_product_1dd626 to uidx_item_tag_item_id_aa205c on item_tag
DROP INDEX "uidx_product_tag_product_1dd626";
CREATE UNIQUE INDEX "uidx_item_tag_item_id_aa205c" ON "item_tag" ("item_id", "tag_id");
