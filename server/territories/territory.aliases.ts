/**
 * How people write Mexican states and a few cities, beyond INEGI's official names and
 * abbreviations (which the catalogue already carries). Keyed by INEGI code.
 * Three-letter entries are the ISO 3166-2 suffixes (MX-CHP → "CHP").
 */
export const STATE_ALIASES: Record<string, string[]> = {
  '01': ['Ags', 'AGU'],
  '02': ['BC', 'BCN'],
  '03': ['BCS'],
  '04': ['Camp', 'CAM'],
  '05': ['Coahuila', 'Coah', 'COA'],
  '06': ['Col', 'COL'],
  '07': ['Chis', 'Chps', 'CHP'],
  '08': ['Chih', 'CHH'],
  '09': ['CDMX', 'CD MX', 'Cd. Méx.', 'CMX', 'Distrito Federal', 'DF', 'México DF', 'México Distrito Federal', 'Mexico City'],
  '10': ['Dgo', 'DUR'],
  '11': ['Gto', 'GUA'],
  '12': ['Gro', 'GRO'],
  '13': ['Hgo', 'HID'],
  '14': ['Jal', 'JAL'],
  '15': ['Estado de México', 'Edomex', 'Edo Mex', 'Edo. de Méx.', 'Méx', 'MEX', 'State of Mexico'],
  '16': ['Michoacán', 'Mich', 'MIC'],
  '17': ['Mor', 'MOR'],
  '18': ['Nay', 'NAY'],
  '19': ['NL', 'NLE'],
  '20': ['Oax', 'OAX'],
  '21': ['Pue', 'PUE'],
  '22': ['Qro', 'Querétaro de Arteaga', 'QUE'],
  '23': ['Q. Roo', 'QRoo', 'QR', 'ROO'],
  '24': ['SLP'],
  '25': ['Sin', 'SIN'],
  '26': ['Son', 'SON'],
  '27': ['Tab', 'TAB'],
  '28': ['Tamps', 'Tamp', 'TAM'],
  '29': ['Tlax', 'TLA'],
  '30': ['Veracruz', 'Ver', 'VER', 'Veracruz Llave'],
  '31': ['Yuc', 'YUC'],
  '32': ['Zac', 'ZAC'],
};

/**
 * Cities known by a name that is neither their municipality's nor its head town's.
 * Kept deliberately short: every entry here overrides the "ask the user" rule.
 */
export const MUNICIPALITY_ALIASES: Record<string, string[]> = {
  '08037': ['Ciudad Juárez'], // INEGI calls the head town just "Juárez", shared with four other municipalities.
  '15058': ['Neza'],
};

/** Words naming the country, dropped when they close an address ("Tapachula, Chiapas, México"). */
export const COUNTRY_WORDS = new Set(['mexico', 'mx', 'mex', 'republica mexicana', 'estados unidos mexicanos']);

/** Honorific openings people leave out ("Heroica Ciudad de Juchitán" → "Juchitán"), as content tokens. */
export const OPTIONAL_PREFIXES: string[][] = [['heroica', 'ciudad'], ['heroica', 'villa'], ['heroica'], ['ciudad'], ['villa']];
