import { expect } from 'chai';
import iconv from 'iconv-lite';
import { commitAndRun, csvBytes, sitesOf, suppliersOf, text, upload, uploadToPreview, useImportFlow } from './support.ts';

const HEADER = ['Razón social', 'RFC', 'ID externo', 'Proveedor padre (RFC o ID)', 'Sitio', 'Estado', 'Municipio', 'Trabajadores', 'Mujeres'];

/** The same two suppliers as Excel writes them in Mexico, in three encodings/separators. */
const LINES = [
  'Razón social;RFC;Sitio;Estado;Municipio;Trabajadores',
  'Empacadora Querétaro, S.A. de C.V.;EQU010203AB2;Planta Querétaro;Querétaro;Querétaro;85',
  'Pesquera Peñasco;PPE990101AA1;Muelle Peñasco;Sonora;Puerto Peñasco;30',
];
const withComma = (l: string) => l.split(';').map((c) => (c.includes(',') ? `"${c}"` : c)).join(',');

describe('supplier import: upload and preview', () => {
  const ctx = useImportFlow();

  it('shows the upload form with its limits and serves both templates', async () => {
    const page = await ctx.browser.get('/suppliers/import');
    expect(page.status).to.equal(200);
    expect(text(page.text)).to.contain('Hasta 100,000 filas y 32 MB por archivo.');
    const csv = await ctx.browser.get('/suppliers/import/template.csv');
    expect(csv.headers['content-disposition']).to.contain('plantilla-proveedores.csv');
    expect(csv.text.startsWith('\uFEFF"Razón social","Nombre comercial","RFC","ID externo"')).to.equal(true);
    const xlsx = await ctx.browser.agent.get('/suppliers/import/template.xlsx').buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(xlsx.status).to.equal(200);
    const body = xlsx.body as Buffer;
    expect(body.subarray(0, 2).toString()).to.equal('PK');
    const ExcelJS = (await import('exceljs')).default;
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(body as unknown as ArrayBuffer);
    const lists = book.worksheets.find((w) => w.state === 'hidden')!;
    const states = lists.getColumn(1).values.slice(2);
    expect(states).to.have.length(32);
    expect(states).to.include('Querétaro');
  });

  it('reads UTF-8 with BOM, Windows-1252 and semicolons alike, accents and Ñ intact', async () => {
    const variants: [Buffer, string][] = [
      [Buffer.from(`\uFEFF${LINES.map(withComma).join('\r\n')}\r\n`, 'utf8'), 'utf-8-bom'],
      [iconv.encode(`${LINES.join('\r\n')}\r\n`, 'win1252'), 'windows-1252'],
      [Buffer.from(`${LINES.join('\n')}\n`, 'utf8'), 'utf-8'],
    ];
    for (const [bytes, encoding] of variants) {
      const { page } = await uploadToPreview(ctx.browser, bytes);
      const preview = text(page.text);
      expect(preview, encoding).to.contain(`CSV, ${encoding}`);
      expect(preview).to.contain('Querétaro, Querétaro (22014)');
      expect(preview).to.contain('Puerto Peñasco, Sonora (26048)');
      expect(page.text).to.match(/data-count="errors">0</);
    }
    const { id } = await uploadToPreview(ctx.browser, variants[1][0], 'Proveedores Querétaro.csv');
    await commitAndRun(ctx.t, ctx.browser, id);
    expect((await suppliersOf(ctx.t, ctx.org.id)).map((s) => s.legal_name)).to.deep.equal(['Empacadora Querétaro, S.A. de C.V.', 'Pesquera Peñasco']);
    expect((await sitesOf(ctx.t, ctx.org.id)).map((s) => [s.name, s.territory_code])).to.deep.equal([
      ['Planta Querétaro', '22014'],
      ['Muelle Peñasco', '26048'],
    ]);
    expect(text((await ctx.browser.get('/suppliers/import')).text)).to.contain('Proveedores Querétaro.csv');
  });

  it('reads an Excel workbook the same way', async () => {
    const ExcelJS = (await import('exceljs')).default;
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Proveedores');
    sheet.addRow(['Razón social', 'RFC', 'Sitio', 'Estado', 'Municipio', 'Trabajadores']);
    sheet.addRow(['Cafetalera Tapachula', 'CTA010101AA1', 'Finca Irlanda', 'Chiapas', 'Tapachula', 35]);
    const bytes = Buffer.from(await book.xlsx.writeBuffer());
    const { id, page } = await uploadToPreview(ctx.browser, bytes, 'proveedores.xlsx');
    expect(text(page.text)).to.contain('proveedores.xlsx — XLSX');
    expect(text(page.text)).to.contain('Tapachula, Chiapas (07089)');
    await commitAndRun(ctx.t, ctx.browser, id);
    expect((await sitesOf(ctx.t, ctx.org.id)).map((s) => [s.supplier, s.name, s.territory_code, s.workforce_total])).to.deep.equal([
      ['Cafetalera Tapachula', 'Finca Irlanda', '07089', 35],
    ]);
  });

  it('lists row errors with row and column, refuses the commit and writes nothing', async () => {
    const bytes = csvBytes(
      [
        { 'Razón social': 'Uno', RFC: 'XYZ', Sitio: 'A', Estado: 'Sonora', Municipio: 'Hermosillo' },
        { 'Razón social': 'Dos', RFC: 'DOS010101AA1', Sitio: 'B', Estado: 'Sonora', Municipio: 'Hermosillo', Trabajadores: '10', Mujeres: '12' },
        { 'Razón social': 'Tres', RFC: 'TRE010101AA1', 'Proveedor padre (RFC o ID)': 'NADIE-7' },
        { 'Razón social': 'Cinco', 'ID externo': 'C5', 'Proveedor padre (RFC o ID)': 'C6' },
        { 'Razón social': 'Seis', 'ID externo': 'C6', 'Proveedor padre (RFC o ID)': 'C5' },
      ],
      HEADER,
    );
    const { id, page } = await uploadToPreview(ctx.browser, bytes);
    const preview = text(page.text);
    expect(page.text).to.match(/data-count="errors">4</);
    expect(preview).to.contain("2 RFC Fila 2, columna RFC: 'XYZ' no es un RFC válido");
    expect(preview).to.contain('3 Mujeres Fila 3, columna Mujeres: 12 es mayor que el total de trabajadores (10).');
    expect(preview).to.contain("4 Proveedor padre (RFC o ID) Fila 4, columna Proveedor padre (RFC o ID): no se encontró el proveedor padre 'NADIE-7'");
    expect(preview).to.contain('5 Proveedor padre (RFC o ID) Fila 5, columna Proveedor padre (RFC o ID): los vínculos forman un ciclo (Cinco → Seis → Cinco)');
    expect(page.text).to.match(/id="commit-button"[^>]*disabled/);
    const refused = await ctx.browser.post(`/suppliers/import/${id}/commit`);
    expect(refused.status).to.equal(409);
    expect(text(refused.text)).to.contain('El archivo tiene 4 errores; corríjalos y cárguelo de nuevo.');
    // No job was queued for this organisation (other files may leave jobs of their own).
    const queued = await ctx.t.db.tx({ orgId: ctx.org.id, userId: null }, (q) => q.query(`SELECT 1 FROM jobs`));
    expect(queued.rowCount).to.equal(0);
    expect(await suppliersOf(ctx.t, ctx.org.id)).to.deep.equal([]);
  });

  it('an external ID already used by another stored supplier is an error of its row', async () => {
    const seed = csvBytes([{ 'Razón social': 'Uno', RFC: 'UNO010101AA1', 'ID externo': 'X-1' }, { 'Razón social': 'Dos', RFC: 'DOS010101AA1' }], HEADER);
    await commitAndRun(ctx.t, ctx.browser, (await uploadToPreview(ctx.browser, seed)).id);
    const clash = csvBytes([{ 'Razón social': 'Dos', RFC: 'DOS010101AA1', 'ID externo': 'X-1' }], HEADER);
    const { page } = await uploadToPreview(ctx.browser, clash);
    expect(text(page.text)).to.contain("Fila 2, columna ID externo: el ID externo 'X-1' ya es de otro proveedor registrado (Uno)");
  });

  it('refuses a file without the required columns, a legacy .xls, and files beyond the limits', async () => {
    const noKey = await upload(ctx.browser, Buffer.from('Razón social;Sitio\nUno;A\n', 'utf8'));
    expect(noKey.status).to.equal(422);
    expect(text(noKey.text)).to.contain('Faltan columnas obligatorias: RFC / ID externo.');
    const xls = await upload(ctx.browser, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), 'viejo.xls');
    expect(xls.status).to.equal(422);
    expect(text(xls.text)).to.contain('No se aceptan archivos .xls');

    const limits = ctx.t.services.supplierImports.limits;
    const saved = { ...limits };
    try {
      limits.maxRows = 3;
      const rows = [1, 2, 3, 4].map((i) => ({ 'Razón social': `P${i}`, RFC: `PPP01010${i}AA1` }));
      const many = await upload(ctx.browser, csvBytes(rows, HEADER));
      expect(many.status).to.equal(422);
      expect(text(many.text)).to.contain('El archivo tiene 4 filas con datos; el máximo por archivo es 3.');
      limits.maxFileBytes = 100 * 1024;
      const big = await upload(ctx.browser, Buffer.concat([csvBytes(rows.slice(0, 1), HEADER), Buffer.alloc(150 * 1024, 0x20)]));
      expect(big.status).to.equal(413);
      expect(text(big.text)).to.contain('El archivo supera el máximo de 0.1 MB por archivo.');
    } finally {
      Object.assign(limits, saved);
    }
    expect(text((await ctx.browser.get('/suppliers/import')).text)).to.not.contain('Importaciones recientes');
  });

  it('a place the matcher cannot settle blocks the commit until the user chooses it', async () => {
    // "México" is the Estado de México, which has no Benito Juárez: seven states do.
    const bytes = csvBytes([{ 'Razón social': 'Taller Centro', RFC: 'TCE010101AA1', Sitio: 'Taller', Estado: 'México', Municipio: 'Benito Juárez', Trabajadores: '8' }], HEADER);
    const { id, page } = await uploadToPreview(ctx.browser, bytes);
    const preview = text(page.text);
    expect(preview).to.contain('Lugares por confirmar');
    expect(preview).to.contain('Benito Juárez, México');
    expect(page.text).to.contain('<option value="09014">Benito Juárez, Ciudad de México (09014)</option>');
    expect(page.text).to.contain('<option value="23005">Benito Juárez, Quintana Roo (23005)</option>');
    expect(page.text).to.match(/id="commit-button"[^>]*disabled/);
    const refused = await ctx.browser.post(`/suppliers/import/${id}/commit`);
    expect(refused.status).to.equal(409);
    expect(text(refused.text)).to.contain('Falta 1 lugar por confirmar antes de importar.');

    const index = /name="place_(\d+)"/.exec(page.text)![1];
    const unknown = await ctx.browser.post(`/suppliers/import/${id}/places`, { [`code_${index}`]: '99999' });
    expect(unknown.status).to.equal(422);
    expect(text(unknown.text)).to.contain("La clave INEGI '99999' para «Benito Juárez, México» no existe.");
    const foreign = await ctx.browser.post(`/suppliers/import/${id}/places`, { [`place_${index}`]: '16108' });
    expect(foreign.status).to.equal(422);

    const saved = await ctx.browser.post(`/suppliers/import/${id}/places`, { [`place_${index}`]: '09014', [`code_${index}`]: '' });
    expect(saved.status).to.equal(302);
    const resolved = await ctx.browser.get(`/suppliers/import/${id}`);
    expect(text(resolved.text)).to.contain('Benito Juárez, Ciudad de México (09014) (elegido por usted)');
    expect(resolved.text).to.not.match(/id="commit-button"[^>]*disabled/);
    await commitAndRun(ctx.t, ctx.browser, id);
    expect((await sitesOf(ctx.t, ctx.org.id)).map((s) => [s.name, s.territory_code, s.state_code])).to.deep.equal([['Taller', '09014', '09']]);
  });
});
