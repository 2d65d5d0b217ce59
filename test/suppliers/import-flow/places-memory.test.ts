import { expect } from 'chai';
import { Browser } from '../../support/app.ts';
import { createOrg, PASSWORD } from '../../support/factories.ts';
import { commitAndRun, csvBytes, sitesOf, text, uploadToPreview, useImportFlow } from './support.ts';

const HEADER = ['Razón social', 'RFC', 'Sitio', 'Estado', 'Municipio', 'Trabajadores'];
// "México" is the Estado de México, which has no Benito Juárez: the matcher cannot settle it.
const row = (workers: string) => ({ 'Razón social': 'Taller Centro', RFC: 'TCE010101AA1', Sitio: 'Taller', Estado: 'México', Municipio: 'Benito Juárez', Trabajadores: workers });

describe('supplier import: places confirmed once, and searched beyond the candidates', () => {
  const ctx = useImportFlow();

  it('a corrected file uploaded again keeps the place confirmed in the earlier upload, for that organisation only', async () => {
    // The first file has a row error (workers "ocho"), so it cannot be committed as is.
    const broken = { ...row('ocho'), 'Razón social': 'Empaque Norte', RFC: 'ENO010101AA1', Sitio: 'Empaque' };
    const first = await uploadToPreview(ctx.browser, csvBytes([row('8'), broken], HEADER));
    expect(first.page.text).to.match(/id="commit-button"[^>]*disabled/);
    const index = /name="place_(\d+)"/.exec(first.page.text)![1];
    expect((await ctx.browser.post(`/suppliers/import/${first.id}/places`, { [`place_${index}`]: '09014' })).status).to.equal(302);

    const again = await uploadToPreview(ctx.browser, csvBytes([row('8'), { ...broken, Trabajadores: '12' }], HEADER), 'proveedores-corregido.csv');
    expect(again.id).to.not.equal(first.id);
    expect(again.page.text).to.not.contain('id="places-form"');
    expect(text(again.page.text)).to.contain('Benito Juárez, Ciudad de México (09014) (confirmado en una carga anterior)');
    expect(again.page.text).to.not.match(/id="commit-button"[^>]*disabled/);
    await commitAndRun(ctx.t, ctx.browser, again.id);
    expect((await sitesOf(ctx.t, ctx.org.id)).map((s) => [s.name, s.territory_code])).to.deep.equal([['Empaque', '09014'], ['Taller', '09014']]);

    // Another organisation uploading the same place is asked again: choices are per organisation.
    const other = await createOrg(ctx.t.db);
    const stranger = new Browser(ctx.t.app);
    await stranger.login(other.users.analyst.email, PASSWORD);
    const theirs = await uploadToPreview(stranger, csvBytes([row('8')], HEADER));
    expect(theirs.page.text).to.contain('id="places-form"');
    expect(text(theirs.page.text)).to.not.contain('confirmado en una carga anterior');
  });

  it('a place can be searched beyond the 8 candidates with a GET form, and its code then chosen', async () => {
    const { id, page } = await uploadToPreview(ctx.browser, csvBytes([row('8')], HEADER));
    expect(page.text).to.contain('id="place-search"').and.contain('method="get"');
    expect(page.text).to.not.contain('Tapachula');
    const index = /name="place_(\d+)"/.exec(page.text)![1];

    const short = await ctx.browser.get(`/suppliers/import/${id}?placeSearch=T`);
    expect(short.status).to.equal(422);
    expect(text(short.text)).to.contain('Búsqueda: escriba al menos 2 letras');

    const found = await ctx.browser.get(`/suppliers/import/${id}?placeSearch=${encodeURIComponent('Tapachula')}`);
    expect(found.status).to.equal(200);
    expect(found.text).to.contain('<li data-code="07089">Tapachula, Chiapas (07089)</li>');
    expect(found.text).to.contain('<option value="07089">Tapachula, Chiapas (07089)</option>');
    expect(found.text).to.match(new RegExp(`id="code_${index}" name="code_${index}" list="place-search-codes"`));
    const none = await ctx.browser.get(`/suppliers/import/${id}?placeSearch=zzqxw`);
    expect(text(none.text)).to.contain('Ningún estado o municipio coincide con «zzqxw»');

    expect((await ctx.browser.post(`/suppliers/import/${id}/places`, { [`place_${index}`]: '', [`code_${index}`]: '07089' })).status).to.equal(302);
    const resolved = await ctx.browser.get(`/suppliers/import/${id}`);
    expect(text(resolved.text)).to.contain('Tapachula, Chiapas (07089) (elegido por usted)');
  });
});
