/**
 * The commodity vocabulary: one entry per good a supplier may produce or handle, with its
 * es-MX and en names, the spellings users type, the SCIAN 2018 subsectors that produce it
 * and, for the 15 goods of the US DOL list for Mexico, how the list classes it.
 * Data only; matching lives in commodity.resolve.ts. docs/commodities.md explains choices.
 *
 * Ids of the 15 DOL goods are the ones scores have always used (`beans`, `tomatoes`…),
 * so stored score explanations keep their labels.
 */

export const DOL_LIST_SOURCE =
  'US DOL ILAB, List of Goods Produced by Child Labor or Forced Labor: Mexico entries (2022 findings), ILAB data file Child Labor/countries_2016.xml @ 48678c8e [S50]; changes in the 2024 edition not verified';

export interface DolListing {
  /** The good's name exactly as on the DOL list. */
  good: string;
  childLabour: boolean;
  forcedLabour: boolean;
}

export interface CommodityEntry {
  id: string;
  es: string;
  en: string;
  /** Other spellings; the names, the id and these are matched accent-, case- and plural-insensitively. */
  synonyms: readonly string[];
  /** SCIAN 2018 subsectors (3 digits) where the good is produced or first processed. */
  scian: readonly string[];
  dol: DolListing | null;
}

const cl = (good: string, forcedLabour = false): DolListing => ({ good, childLabour: true, forcedLabour });

export const COMMODITY_VOCABULARY: readonly CommodityEntry[] = [
  // The 15 goods of the DOL list for Mexico [S50]. Chile peppers and tomatoes: child AND forced labour.
  // DOL's "Beans (green beans)" are ejotes: dry beans (frijol) are a separate entry below.
  { id: 'beans', es: 'Ejote (frijol verde)', en: 'Green beans', scian: ['111'], dol: cl('Beans (green beans)'),
    synonyms: ['ejote', 'ejotes', 'frijol verde', 'frijol ejotero', 'judía verde', 'habichuela', 'green beans', 'green bean', 'string beans'] },
  { id: 'cattle', es: 'Ganado bovino', en: 'Cattle', scian: ['112'], dol: cl('Cattle'),
    synonyms: ['ganado', 'ganado bovino', 'ganado vacuno', 'bovinos', 'bovino', 'reses', 'res', 'becerros', 'becerro', 'vacas', 'ganado de carne', 'cattle', 'cows', 'beef cattle'] },
  { id: 'chile-peppers', es: 'Chile', en: 'Chile peppers', scian: ['111'], dol: cl('Chile peppers', true),
    synonyms: ['chile', 'chiles', 'chile verde', 'chile seco', 'chile jalapeño', 'chile serrano', 'chile poblano', 'chile habanero', 'chile ancho', 'chile guajillo', 'jalapeño', 'chile peppers', 'chili peppers', 'chili', 'chilli', 'hot peppers'] },
  { id: 'coffee', es: 'Café', en: 'Coffee', scian: ['111', '311'], dol: cl('Coffee'),
    synonyms: ['café', 'cafe', 'café cereza', 'café pergamino', 'café verde', 'café oro', 'grano de café', 'coffee', 'coffee beans', 'green coffee'] },
  { id: 'cucumbers', es: 'Pepino', en: 'Cucumbers', scian: ['111'], dol: cl('Cucumbers'),
    synonyms: ['pepino', 'pepinos', 'pepino persa', 'pepino europeo', 'cucumber', 'cucumbers'] },
  { id: 'eggplants', es: 'Berenjena', en: 'Eggplants', scian: ['111'], dol: cl('Eggplants'),
    synonyms: ['berenjena', 'berenjenas', 'eggplant', 'eggplants', 'aubergine'] },
  { id: 'garments', es: 'Prendas de vestir', en: 'Garments', scian: ['315'], dol: cl('Garments'),
    synonyms: ['prendas de vestir', 'prendas', 'ropa', 'confección', 'confecciones', 'confección de ropa', 'vestimenta', 'maquila de ropa', 'garments', 'garment', 'clothing', 'apparel'] },
  { id: 'leather-goods', es: 'Artículos y accesorios de piel', en: 'Leather goods / accessories', scian: ['316'], dol: cl('Leather goods / accessories'),
    synonyms: ['artículos de piel', 'artículos de cuero', 'productos de piel', 'productos de cuero', 'accesorios de piel', 'accesorios de cuero', 'marroquinería', 'bolsas de piel', 'cinturones de piel', 'leather goods', 'leather accessories', 'leather products'] },
  { id: 'melons', es: 'Melón', en: 'Melons', scian: ['111'], dol: cl('Melons'),
    synonyms: ['melón', 'melones', 'melón chino', 'melón cantaloupe', 'melon', 'melons', 'cantaloupe'] },
  { id: 'onions', es: 'Cebolla', en: 'Onions', scian: ['111'], dol: cl('Onions'),
    synonyms: ['cebolla', 'cebollas', 'cebolla blanca', 'cebolla morada', 'onion', 'onions'] },
  { id: 'poppies', es: 'Amapola', en: 'Poppies', scian: ['111'], dol: cl('Poppies'),
    synonyms: ['amapola', 'amapolas', 'adormidera', 'goma de opio', 'poppy', 'poppies', 'opium poppy'] },
  { id: 'pornography', es: 'Pornografía', en: 'Pornography', scian: ['512'], dol: cl('Pornography'),
    synonyms: ['pornografía', 'pornography'] },
  { id: 'sugarcane', es: 'Caña de azúcar', en: 'Sugarcane', scian: ['111', '311'], dol: cl('Sugarcane'),
    synonyms: ['caña de azúcar', 'caña', 'caña azucarera', 'sugarcane', 'sugar cane'] },
  { id: 'tobacco', es: 'Tabaco', en: 'Tobacco', scian: ['111', '312'], dol: cl('Tobacco'),
    synonyms: ['tabaco', 'hoja de tabaco', 'tobacco', 'tobacco leaf'] },
  // "tomate" alone is the red tomato (jitomate) in most of Mexico; "tomate verde" is tomatillo, below.
  { id: 'tomatoes', es: 'Jitomate (tomate rojo)', en: 'Tomatoes', scian: ['111'], dol: cl('Tomatoes', true),
    synonyms: ['jitomate', 'jitomates', 'tomate', 'tomate rojo', 'tomate saladet', 'tomate bola', 'tomate cherry', 'tomate uva', 'tomato', 'tomatoes'] },

  // Other goods common in Mexican supply chains: not on the DOL list for Mexico.
  { id: 'dry-beans', es: 'Frijol (grano seco)', en: 'Dry beans', scian: ['111'], dol: null,
    synonyms: ['frijol', 'frijoles', 'frijol negro', 'frijol pinto', 'frijol bayo', 'dry beans', 'dried beans'] },
  { id: 'tomatillo', es: 'Tomate verde (tomatillo)', en: 'Tomatillo', scian: ['111'], dol: null,
    synonyms: ['tomate verde', 'tomatillo', 'tomate de cáscara', 'miltomate', 'green tomato'] },
  { id: 'strawberries', es: 'Fresa', en: 'Strawberries', scian: ['111'], dol: null,
    synonyms: ['fresa', 'fresas', 'strawberry', 'strawberries'] },
  { id: 'blackberries', es: 'Zarzamora', en: 'Blackberries', scian: ['111'], dol: null,
    synonyms: ['zarzamora', 'zarzamoras', 'mora', 'blackberry', 'blackberries'] },
  { id: 'raspberries', es: 'Frambuesa', en: 'Raspberries', scian: ['111'], dol: null,
    synonyms: ['frambuesa', 'frambuesas', 'raspberry', 'raspberries'] },
  { id: 'blueberries', es: 'Arándano', en: 'Blueberries', scian: ['111'], dol: null,
    synonyms: ['arándano', 'arándanos', 'arándano azul', 'blueberry', 'blueberries'] },
  { id: 'avocados', es: 'Aguacate', en: 'Avocados', scian: ['111'], dol: null,
    synonyms: ['aguacate', 'aguacates', 'aguacate hass', 'avocado', 'avocados'] },
  { id: 'mangoes', es: 'Mango', en: 'Mangoes', scian: ['111'], dol: null,
    synonyms: ['mango', 'mangos', 'mango ataulfo', 'mangoes'] },
  { id: 'bananas', es: 'Plátano', en: 'Bananas', scian: ['111'], dol: null,
    synonyms: ['plátano', 'plátanos', 'banano', 'banana', 'bananas'] },
  { id: 'limes', es: 'Limón', en: 'Limes and lemons', scian: ['111'], dol: null,
    synonyms: ['limón', 'limones', 'limón persa', 'limón mexicano', 'lime', 'limes', 'lemon', 'lemons'] },
  { id: 'oranges', es: 'Naranja', en: 'Oranges', scian: ['111'], dol: null,
    synonyms: ['naranja', 'naranjas', 'orange', 'oranges'] },
  { id: 'maize', es: 'Maíz', en: 'Maize (corn)', scian: ['111'], dol: null,
    synonyms: ['maíz', 'maiz', 'elote', 'maíz blanco', 'maíz amarillo', 'corn', 'maize'] },
  { id: 'squash', es: 'Calabaza', en: 'Squash', scian: ['111'], dol: null,
    synonyms: ['calabaza', 'calabacita', 'calabacín', 'squash', 'zucchini'] },
  { id: 'bell-peppers', es: 'Pimiento morrón', en: 'Bell peppers', scian: ['111'], dol: null,
    synonyms: ['pimiento morrón', 'chile morrón', 'morrón', 'pimiento', 'bell pepper', 'bell peppers', 'sweet peppers'] },
  { id: 'lettuce', es: 'Lechuga', en: 'Lettuce', scian: ['111'], dol: null,
    synonyms: ['lechuga', 'lechugas', 'lettuce'] },
  { id: 'broccoli', es: 'Brócoli', en: 'Broccoli', scian: ['111'], dol: null,
    synonyms: ['brócoli', 'brocoli', 'broccoli'] },
  { id: 'watermelons', es: 'Sandía', en: 'Watermelons', scian: ['111'], dol: null,
    synonyms: ['sandía', 'sandías', 'watermelon', 'watermelons'] },
  { id: 'grapes', es: 'Uva', en: 'Grapes', scian: ['111'], dol: null,
    synonyms: ['uva', 'uvas', 'uva de mesa', 'grape', 'grapes'] },
  { id: 'cocoa', es: 'Cacao', en: 'Cocoa', scian: ['111'], dol: null,
    synonyms: ['cacao', 'cocoa', 'cocoa beans'] },
  { id: 'agave', es: 'Agave', en: 'Agave', scian: ['111'], dol: null,
    synonyms: ['agave', 'agave tequilero', 'agave azul', 'maguey'] },
  { id: 'cotton', es: 'Algodón', en: 'Cotton', scian: ['111'], dol: null,
    synonyms: ['algodón', 'cotton'] },
  { id: 'bricks', es: 'Ladrillo', en: 'Bricks', scian: ['327'], dol: null,
    synonyms: ['ladrillo', 'ladrillos', 'tabique', 'tabiques', 'ladrillo rojo', 'brick', 'bricks'] },
  { id: 'footwear', es: 'Calzado', en: 'Footwear', scian: ['316'], dol: null,
    synonyms: ['calzado', 'zapatos', 'botas', 'footwear', 'shoes'] },
];
