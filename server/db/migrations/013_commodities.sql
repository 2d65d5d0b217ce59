-- Commodities: suppliers' free-text commodities become ids of the commodity vocabulary
-- (server/commodities/commodity.vocabulary.ts), so the US DOL uplift matches what users
-- typed in Spanish (café, jitomate, chile…). Text the vocabulary does not know is kept as
-- written, in place, and the app flags it. The terms below are the vocabulary's matching
-- keys as of this migration (commodityKey: lower case, no accents, punctuation as spaces,
-- one final "s" and then one final "e" dropped from words of four or more letters).

CREATE TEMP TABLE commodity_terms_013 (key text PRIMARY KEY, id text NOT NULL);

INSERT INTO commodity_terms_013 (key, id) VALUES
  ('agav','agave'), ('agav azul','agave'), ('agav tequilero','agave'), ('maguey','agave'),
  ('aguacat','avocados'), ('aguacat has','avocados'), ('avocado','avocados'),
  ('banana','bananas'), ('banano','bananas'), ('platano','bananas'),
  ('bean','beans'), ('ejot','beans'), ('ejot frijol verd','beans'), ('frijol ejotero','beans'), ('frijol verd','beans'), ('green bean','beans'), ('habichuela','beans'), ('judia verd','beans'), ('string bean','beans'),
  ('bell pepper','bell-peppers'), ('chil morron','bell-peppers'), ('morron','bell-peppers'), ('pimiento','bell-peppers'), ('pimiento morron','bell-peppers'), ('sweet pepper','bell-peppers'),
  ('blackberri','blackberries'), ('blackberry','blackberries'), ('mora','blackberries'), ('zarzamora','blackberries'),
  ('arandano','blueberries'), ('arandano azul','blueberries'), ('blueberri','blueberries'), ('blueberry','blueberries'),
  ('brick','bricks'), ('ladrillo','bricks'), ('ladrillo rojo','bricks'), ('tabiqu','bricks'),
  ('broccoli','broccoli'), ('brocoli','broccoli'),
  ('becerro','cattle'), ('beef cattl','cattle'), ('bovino','cattle'), ('cattl','cattle'), ('cow','cattle'), ('ganado','cattle'), ('ganado bovino','cattle'), ('ganado de carn','cattle'), ('ganado vacuno','cattle'), ('res','cattle'), ('vaca','cattle'),
  ('chil','chile-peppers'), ('chil ancho','chile-peppers'), ('chil guajillo','chile-peppers'), ('chil habanero','chile-peppers'), ('chil jalapeno','chile-peppers'), ('chil pepper','chile-peppers'), ('chil poblano','chile-peppers'), ('chil seco','chile-peppers'), ('chil serrano','chile-peppers'), ('chil verd','chile-peppers'), ('chili','chile-peppers'), ('chili pepper','chile-peppers'), ('chilli','chile-peppers'), ('hot pepper','chile-peppers'), ('jalapeno','chile-peppers'),
  ('cacao','cocoa'), ('cocoa','cocoa'), ('cocoa bean','cocoa'),
  ('caf','coffee'), ('caf cereza','coffee'), ('caf oro','coffee'), ('caf pergamino','coffee'), ('caf verd','coffee'), ('coffe','coffee'), ('coffe bean','coffee'), ('grano de caf','coffee'), ('green coffe','coffee'),
  ('algodon','cotton'), ('cotton','cotton'),
  ('cucumber','cucumbers'), ('pepino','cucumbers'), ('pepino europeo','cucumbers'), ('pepino persa','cucumbers'),
  ('dried bean','dry-beans'), ('dry bean','dry-beans'), ('frijol','dry-beans'), ('frijol bayo','dry-beans'), ('frijol grano seco','dry-beans'), ('frijol negro','dry-beans'), ('frijol pinto','dry-beans'),
  ('aubergin','eggplants'), ('berenjena','eggplants'), ('eggplant','eggplants'),
  ('bota','footwear'), ('calzado','footwear'), ('footwear','footwear'), ('sho','footwear'), ('zapato','footwear'),
  ('apparel','garments'), ('clothing','garments'), ('confeccion','garments'), ('confeccion de ropa','garments'), ('garment','garments'), ('maquila de ropa','garments'), ('prenda','garments'), ('prenda de vestir','garments'), ('ropa','garments'), ('vestimenta','garments'),
  ('grap','grapes'), ('uva','grapes'), ('uva de mesa','grapes'),
  ('accesorio de cuero','leather-goods'), ('accesorio de piel','leather-goods'), ('articulo de cuero','leather-goods'), ('articulo de piel','leather-goods'), ('articulo y accesorio de piel','leather-goods'), ('bolsa de piel','leather-goods'), ('cinturon de piel','leather-goods'), ('leather accessori','leather-goods'), ('leather good','leather-goods'), ('leather good accessori','leather-goods'), ('leather product','leather-goods'), ('marroquineria','leather-goods'), ('producto de cuero','leather-goods'), ('producto de piel','leather-goods'),
  ('lechuga','lettuce'), ('lettuc','lettuce'),
  ('lemon','limes'), ('lim','limes'), ('lim and lemon','limes'), ('limon','limes'), ('limon mexicano','limes'), ('limon persa','limes'),
  ('corn','maize'), ('elot','maize'), ('maiz','maize'), ('maiz amarillo','maize'), ('maiz blanco','maize'), ('maiz corn','maize'),
  ('mango','mangoes'), ('mango ataulfo','mangoes'),
  ('cantaloup','melons'), ('melon','melons'), ('melon cantaloup','melons'), ('melon chino','melons'),
  ('cebolla','onions'), ('cebolla blanca','onions'), ('cebolla morada','onions'), ('onion','onions'),
  ('naranja','oranges'), ('orang','oranges'),
  ('adormidera','poppies'), ('amapola','poppies'), ('goma de opio','poppies'), ('opium poppy','poppies'), ('poppi','poppies'), ('poppy','poppies'),
  ('pornografia','pornography'), ('pornography','pornography'),
  ('frambuesa','raspberries'), ('raspberri','raspberries'), ('raspberry','raspberries'),
  ('calabacin','squash'), ('calabacita','squash'), ('calabaza','squash'), ('squash','squash'), ('zucchini','squash'),
  ('fresa','strawberries'), ('strawberri','strawberries'), ('strawberry','strawberries'),
  ('cana','sugarcane'), ('cana azucarera','sugarcane'), ('cana de azucar','sugarcane'), ('sugar can','sugarcane'), ('sugarcan','sugarcane'),
  ('hoja de tabaco','tobacco'), ('tabaco','tobacco'), ('tobacco','tobacco'), ('tobacco leaf','tobacco'),
  ('green tomato','tomatillo'), ('miltomat','tomatillo'), ('tomat de cascara','tomatillo'), ('tomat verd','tomatillo'), ('tomat verd tomatillo','tomatillo'), ('tomatillo','tomatillo'),
  ('jitomat','tomatoes'), ('jitomat tomat rojo','tomatoes'), ('tomat','tomatoes'), ('tomat bola','tomatoes'), ('tomat cherry','tomatoes'), ('tomat rojo','tomatoes'), ('tomat saladet','tomatoes'), ('tomat uva','tomatoes'), ('tomato','tomatoes'),
  ('sandia','watermelons'), ('watermelon','watermelons');

WITH items AS (
  SELECT s.id AS supplier_id, e.ord, btrim(e.item) AS item,
         regexp_replace(regexp_replace(btrim(regexp_replace(
           translate(lower(e.item), 'áàâäãåéèêëíìîïóòôöõúùûüñç', 'aaaaaaeeeeiiiiooooouuuunc'),
           '[^a-z0-9]+', ' ', 'g')), '\m(\w{3,})s\M', '\1', 'g'), '\m(\w{3,})e\M', '\1', 'g') AS key
    FROM suppliers s, unnest(s.commodities) WITH ORDINALITY AS e(item, ord)
   WHERE cardinality(s.commodities) > 0
), resolved AS (
  SELECT i.supplier_id, i.ord, coalesce(t.id, i.item) AS value,
         CASE WHEN t.id IS NOT NULL THEN 'id:' || t.id ELSE 'text:' || i.key END AS dedupe
    FROM items i LEFT JOIN commodity_terms_013 t ON t.key = i.key
   WHERE i.item <> ''
), firsts AS (
  -- One entry per good (or per unknown text), where it first appeared.
  SELECT DISTINCT ON (supplier_id, dedupe) supplier_id, ord, value FROM resolved ORDER BY supplier_id, dedupe, ord
), merged AS (
  SELECT supplier_id, array_agg(value ORDER BY ord) AS commodities FROM firsts GROUP BY supplier_id
), changed AS (
  UPDATE suppliers s SET commodities = m.commodities
    FROM merged m
   WHERE s.id = m.supplier_id AND s.commodities IS DISTINCT FROM m.commodities
  RETURNING s.organization_id
)
-- Scores computed before missed the DOL uplift of Spanish names: re-score each organisation
-- whose commodities changed (the worker picks the job up; unchanged sites are skipped by hash).
INSERT INTO jobs (organization_id, kind, payload)
SELECT DISTINCT organization_id, 'rescore', '{"supplierIds": null, "reason": "supplier"}'::jsonb FROM changed;

DROP TABLE commodity_terms_013;
