-- migrator upgrade: shop 0002_create_table_shop_order_item (postgres)
-- parent: 0001_initial
-- The runner applies this file in one transaction together with its history row (so no BEGIN/COMMIT here).

-- [1/1] create table shop_order_item
CREATE TABLE "shop_order_item" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "quantity" INT NOT NULL DEFAULT 1,
    "order_id" INT NOT NULL REFERENCES "shop_order" ("id") ON DELETE CASCADE,
    "product_id" INT NOT NULL REFERENCES "shop_product" ("id") ON DELETE RESTRICT
);
COMMENT ON TABLE "shop_order_item" IS 'One product in an order.';
