import { createReadStream, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { loadavg } from 'node:os';
import { chromiumExecutable, launchChromium } from '../support/chromium.ts';
import { build } from 'vite';
import type { BenchContext, BenchRow } from './bench-context.ts';
import type { FrameCount, OnScreenTiming, Quality, RenderMode } from './client/bench-api.ts';
import { calibrate } from './client/calibration.ts';
import { median, percentile, round } from './stats.ts';

/**
 * Client figures, measured in headless Chromium (software rendering) on a bench page that
 * loads the explorer's own renderer and layout modules (tests/bench/client/).
 *
 * Absolute figures move with the host and with whatever else it runs, so the targets are
 * ratios of two figures measured in the same run: a long task against the forced full
 * redraw of the same scene (what a frame cannot avoid), the expansion that tips a scene
 * into the big-scene look against a plain one, tuned against default Cytoscape. The
 * header names the browser build and a fixed JS workload's time in the page and in Node,
 * at the start and the end of the section, so two reports can be set side by side.
 *
 * fps is canvas redraws per second (Cytoscape's render loop) while the whole graph starts
 * in view and real drags and wheel turns pan it and zoom between fit and 2.5× fit.
 *
 * Small keeps the section to about ten minutes on 2 cores: gestures last 5 s instead of
 * 10, slow layouts are capped at 12 s, fCoSE proof is skipped at 2,000 nodes, and the
 * worker copy of a per-quality run is skipped when the main-thread run took over 3 s or
 * hit the cap (the worker runs the same code, so it takes as long; what it changes is the
 * long tasks, measured on the explorer's path below).
 */
const PLAN = {
  small: {
    gestureMs: 5_000,
    capMs: 12_000,
    cellBudgetMs: 6_000,
    workerUpToMs: 3_000,
    workerAfterCap: false,
    skip: ['2000/proof'],
  },
  large: {
    gestureMs: 10_000,
    capMs: 120_000,
    cellBudgetMs: 60_000,
    workerUpToMs: Infinity,
    workerAfterCap: true,
    skip: [],
  },
} as const;
const REPEATS = 3;
const FPS_ELEMENTS = [500, 2_000, 10_000] as const;
const MODES: RenderMode[] = ['default', 'tuned', 'webgl'];
const LAYOUT_NODES = [500, 1_000, 2_000] as const;
const QUALITIES: Quality[] = ['draft', 'default', 'proof'];
const VIEWPORT = { width: 1280, height: 720 };

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

/** Serves a built directory on 127.0.0.1 at a free port. */
async function serveStatic(dir: string): Promise<{ url: string; server: Server }> {
  const root = resolve(dir);
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    const file = normalize(join(root, path === '/' ? 'index.html' : path));
    if (!file.startsWith(root + sep) || !existsSync(file) || !statSync(file).isFile()) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(response);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, server };
}

/** Builds the real client into a scratch directory and sums the JS index.html loads up front. */
async function firstPaintJs(
  ctx: BenchContext,
): Promise<{ gzip: number; raw: number; files: number; worker: number }> {
  const outDir = join(ctx.workDir, 'client-dist');
  await build({
    configFile: resolve('client/vite.config.ts'),
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true },
  });
  const html = readFileSync(join(outDir, 'index.html'), 'utf8');
  const wanted = new Set<string>();
  for (const match of html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g)) {
    wanted.add(match[1] as string);
  }
  for (const match of html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)) {
    wanted.add(match[1] as string);
  }
  // Also follow the entry's static imports, in case a preload link is missing, and the
  // explorer it imports at once when sign-in is off (the default).
  const queue = [...wanted];
  while (queue.length > 0) {
    const href = queue.pop() as string;
    const file = join(outDir, href.replace(/^\.?\//, ''));
    const code = readFileSync(file, 'utf8');
    const explorer = code.matchAll(/import\(\s*[`"'](\.\/main-[\w-]+\.js)[`"']\s*\)/g);
    for (const match of [
      ...code.matchAll(/(?:^|[;}\s])import\s*(?:[\w*{}\s,$]+from\s*)?["']([^"']+)["']/g),
      ...explorer,
    ]) {
      const spec = match[1] as string;
      if (!spec.startsWith('.')) continue;
      const next = `/${join(href.replace(/^\.?\//, '').replace(/[^/]+$/, ''), spec)}`;
      if (!wanted.has(next)) {
        wanted.add(next);
        queue.push(next);
      }
    }
  }
  let gzip = 0;
  let raw = 0;
  for (const href of wanted) {
    const bytes = readFileSync(join(outDir, href.replace(/^\.?\//, '')));
    raw += bytes.length;
    gzip += gzipSync(bytes).length;
  }
  const workerFile = readdirJs(join(outDir, 'assets')).find((f) => /worker/i.test(f));
  const worker = workerFile ? gzipSync(readFileSync(join(outDir, 'assets', workerFile))).length : 0;
  return { gzip, raw, files: wanted.size, worker };
}

function readdirJs(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.js')) : [];
}

async function buildBenchPage(ctx: BenchContext): Promise<string> {
  const outDir = join(ctx.workDir, 'client-bench-page');
  await build({
    configFile: resolve('tests/bench/client/vite.config.ts'),
    build: { outDir, emptyOutDir: true },
  });
  return outDir;
}

/** Opens the bench page and waits for its API. */
async function openBenchPage(browser: Browser, url: string): Promise<Page> {
  const page = await browser.newPage({ viewport: VIEWPORT });
  page.on('pageerror', (error) => console.error(`bench page: ${error.message}`));
  await page.goto(url);
  await page.waitForFunction(() => 'ententeBench' in window);
  return page;
}

/**
 * Real input at a device's pace: drags that pan from empty spots and wheel turns that zoom
 * in and out, one event every 16 ms. Events are not awaited one by one (Chromium answers
 * each only after the frame that handled it, which would cap the rate at the frame rate);
 * up to 8 stay in flight, so a slow page gets a backlog as it would from a real mouse.
 */
export async function gestures(page: Page, durationMs: number): Promise<void> {
  const ends = Date.now() + durationMs;
  const inFlight: Promise<unknown>[] = [];
  let next = Date.now();
  const send = async (event: () => Promise<void>) => {
    if (inFlight.length >= 8) await inFlight.shift();
    inFlight.push(event().catch(() => {}));
    next += 16;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, next - Date.now())));
  };
  for (let cycle = 0; Date.now() < ends; cycle++) {
    await Promise.all(inFlight.splice(0));
    const spot = await page.evaluate(() => window.ententeBench.freeSpot());
    next = Date.now();
    const at = spot ?? { x: VIEWPORT.width / 2, y: VIEWPORT.height / 2 };
    const sign = cycle % 2 === 0 ? 1 : -1;
    await send(() => page.mouse.move(at.x, at.y));
    if (spot) {
      await send(() => page.mouse.down());
      for (let step = 1; step <= 24 && Date.now() < ends; step++) {
        const x = at.x + (sign * 240 * step) / 24;
        const y = at.y + (sign * 120 * step) / 24;
        await send(() => page.mouse.move(x, y));
      }
      await send(() => page.mouse.up());
    }
    // Six notches in, then (next cycle) six out: the zoom stays between fit and 2.5× fit.
    for (let i = 0; i < 6 && Date.now() < ends; i++) {
      await send(() => page.mouse.wheel(0, -sign * 17));
    }
  }
  await Promise.all(inFlight);
}

async function measureFps(
  page: Page,
  elements: number,
  mode: RenderMode,
  seed: number,
  durationMs: number,
): Promise<{ fps: number; count: FrameCount; webgl: boolean }> {
  const mounted = await page.evaluate(([e, m, s]) => window.ententeBench.mountScene(e, m, s), [
    elements,
    mode,
    seed,
  ] as const);
  // Let the first full draw land before counting.
  await page.waitForTimeout(500);
  await page.evaluate(() => window.ententeBench.startFrames());
  await gestures(page, durationMs);
  const count = await page.evaluate(() => window.ententeBench.stopFrames());
  return { fps: count.redraws / (count.ms / 1000), count, webgl: mounted.webgl };
}

/**
 * Evaluates in the page with a cap. A main-thread fCoSE cannot be interrupted, so a run
 * past the cap closes its page (the renderer process goes with it) and opens a new one.
 */
async function capped<T>(
  state: { page: Page },
  reopen: () => Promise<Page>,
  capMs: number,
  run: (page: Page) => Promise<T>,
): Promise<T | null> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<'timeout'>((done) => {
    timer = setTimeout(() => done('timeout'), capMs);
  });
  const outcome = await Promise.race([run(state.page).catch((e: unknown) => e), timeout]);
  clearTimeout(timer);
  if (outcome === 'timeout') {
    await state.page.close({ runBeforeUnload: false }).catch(() => {});
    state.page = await reopen();
    return null;
  }
  if (outcome instanceof Error) throw outcome;
  return outcome as T;
}

const describeTiming = (t: OnScreenTiming) =>
  `${fmtMs(t.finalMs)} on screen (layout ${fmtMs(t.layoutMs)}, hand-over ${fmtMs(t.drawMs)}, slowest redraw in the loop ${fmtMs(t.longestRedrawMs)}, longest task ${fmtMs(t.longTasks.longestMs)}, forced full redraws ${t.forcedRedrawsMs.map(fmtMs).join('/')})`;
/** "median (min–max)" of some runs, each formatted by `format`. */
const spread = (values: number[], format: (v: number) => string) =>
  values.length === 0
    ? 'n/a'
    : values.length === 1
      ? format(values[0] as number)
      : `${format(median(values))} (${format(Math.min(...values))}–${format(Math.max(...values))})`;
const runsOf = (runs: number[]) => `${runs.length} run${runs.length === 1 ? '' : 's'}`;
const times = (v: number) => `${round(v, 2)}×`;
const fps1 = (v: number) => `${round(v, 1)}`;
/**
 * A run's longest task against the slowest forced full redraw of the same scene, both
 * measured in that run; 0 when no task passed 50 ms (the browser reports none shorter).
 */
const taskRatio = (t: OnScreenTiming) => t.longTasks.longestMs / Math.max(...t.forcedRedrawsMs);
const TASK_RATIO = 1.2;
/** The row for "long tasks ≤ 1.2× the slowest forced redraw of the scene". */
function taskRow(what: string, timings: OnScreenTiming[]): BenchRow {
  const ratios = timings.map(taskRatio);
  const over50 = timings.reduce((sum, t) => sum + t.longTasks.count, 0);
  return {
    section: 'client',
    what: `${what} (${timings.length} runs; ${over50} tasks > 50 ms in all): longest task per run, median (min–max)`,
    figure: `${spread(
      timings.map((t) => t.longTasks.longestMs),
      fmtMs,
    )}`,
    baseline: `${spread(
      timings.map((t) => Math.max(...t.forcedRedrawsMs)),
      fmtMs,
    )} slowest of ${timings[0]?.forcedRedrawsMs.length ?? 0} forced full redraws of the same scene, per run`,
    ratio: spread(ratios, times),
    target: `≤ ${TASK_RATIO}× (median)`,
    met: median(ratios) <= TASK_RATIO,
  };
}
const loadNow = () =>
  loadavg()
    .map((v) => round(v, 2))
    .join(', ');
const seconds = (ms: number) => `${round(ms / 1000, 2)} s`;
const fmtMs = (ms: number) => `${Math.round(ms)} ms`;
const en = (n: number) => n.toLocaleString('en');

export async function clientBench(ctx: BenchContext): Promise<BenchRow[]> {
  const plan = PLAN[ctx.size === 'small' ? 'small' : 'large'];
  const rows: BenchRow[] = [];
  const sectionStarted = Date.now();
  const loadAtStart = loadNow();

  const js = await firstPaintJs(ctx);
  ctx.log(
    `client: first-paint JS ${js.files} files, ${en(js.raw)} B raw, ${en(js.gzip)} B gzipped; layout worker ${en(js.worker)} B gzipped (loaded on first layout)`,
  );
  rows.push({
    section: 'client',
    what: `first-paint JS gzipped (entry, the explorer it loads at once, and their ${js.files - 1} files in all; sign-in page, console, editor and layout worker load later)`,
    figure: `${round(js.gzip / 1000, 1)} kB (${round(js.raw / 1000, 1)} kB raw)`,
    target: '≤ 350 kB',
    met: js.gzip <= 350_000,
  });

  const pageDir = await buildBenchPage(ctx);
  const { url, server } = await serveStatic(pageDir);
  const executable = await chromiumExecutable();
  const browser = await launchChromium();
  const reopen = () => openBenchPage(browser, url);
  const state = { page: await reopen() };
  // The same fixed workload in the page and in Node, before and after: how fast this host
  // was while the section ran.
  const calibration = async () => ({
    page: await state.page.evaluate(() => window.ententeBench.calibrate()),
    node: calibrate(),
  });
  const calibrationBefore = await calibration();
  try {
    // 1. fps under real drags and wheel turns; modes interleaved so noise hits them alike.
    const fps = new Map<string, number[]>();
    let webglActive = true;
    const forced10k = new Map<RenderMode, number[]>();
    for (let repeat = 0; repeat < REPEATS; repeat++) {
      for (const elements of FPS_ELEMENTS) {
        for (const mode of MODES) {
          const result = await measureFps(state.page, elements, mode, 7 + repeat, plan.gestureMs);
          if (mode === 'webgl' && !result.webgl) webglActive = false;
          const key = `${elements}/${mode}`;
          fps.set(key, [...(fps.get(key) ?? []), result.fps]);
          if (elements === 10_000 && mode !== 'webgl') {
            const forced = await state.page.evaluate(() => window.ententeBench.forcedRedraws(3));
            forced10k.set(mode, [...(forced10k.get(mode) ?? []), ...forced]);
          }
          ctx.log(
            `client: ${en(elements)} elements, ${mode}: ${round(result.fps, 1)} fps (${round(result.count.frames / (result.count.ms / 1000), 1)} browser frames/s, ${round(result.count.inputs / (result.count.ms / 1000))} inputs/s, worst frame gap ${Math.round(result.count.worstGapMs)} ms)`,
          );
        }
      }
    }
    for (const elements of FPS_ELEMENTS) {
      const baseRuns = fps.get(`${elements}/default`) ?? [];
      const base = median(baseRuns);
      const nodes = Math.round(elements / 3);
      for (const mode of MODES) {
        const runs = fps.get(`${elements}/${mode}`) ?? [];
        const value = median(runs);
        const label = {
          default:
            "default Cytoscape options (explorer's medium-tier stylesheet: straight edges with arrows, labels once legible)",
          tuned:
            elements <= 1_500
              ? 'explorer renderer (its medium tier at this size: straight edges, no viewport hiding)'
              : 'explorer renderer, tuned (haystack, edges hidden and textures during gestures, pixelRatio 1, labels from zoom 12 px)',
          webgl: `Cytoscape WebGL mode (renderer: { name: 'canvas', webgl: true }, pixelRatio 1, explorer's big-scene stylesheet${webglActive ? '' : '; no WebGL context, fell back to canvas'})`,
        }[mode];
        // Repeats are interleaved, so each repeat's ratio compares runs made moments apart.
        const perRepeat = runs.map((v, i) => v / (baseRuns[i] as number));
        const isTarget = mode === 'tuned' && elements === 10_000;
        rows.push({
          section: 'client',
          what: `fps (canvas redraws/s) under mouse drags and wheel zooms, ${en(elements)} elements (${en(nodes)} nodes), ${label}, ${plan.gestureMs / 1000} s × ${REPEATS}, median (min–max)`,
          figure: `${spread(runs, fps1)} fps`,
          ...(mode === 'default'
            ? {}
            : {
                baseline: `${spread(baseRuns, fps1)} fps`,
                ratio: `${times(value / base)} (per repeat ${Math.min(...perRepeat).toFixed(1)}–${Math.max(...perRepeat).toFixed(1)}×)`,
              }),
          ...(isTarget ? { target: '≥ 15× default, same run', met: value / base >= 15 } : {}),
        });
      }
    }
    const forcedTuned = forced10k.get('tuned') ?? [];
    const forcedDefault = forced10k.get('default') ?? [];
    rows.push({
      section: 'client',
      what: `forced full redraw of the 10,000-element scene at fit (every element's geometry recomputed, every layer drawn and rasterised), explorer renderer vs default Cytoscape, ${forcedTuned.length} each, median (min–max)`,
      figure: spread(forcedTuned, fmtMs),
      baseline: spread(forcedDefault, fmtMs),
      ratio: times(median(forcedDefault) / median(forcedTuned)),
    });
    ctx.log(`client: fps done after ${Math.round((Date.now() - sectionStarted) / 1000)} s`);

    // 2. fCoSE per quality: main thread vs the same run on a Web Worker.
    const mainMs = new Map<string, number>();
    for (const nodes of LAYOUT_NODES) {
      for (const quality of QUALITIES) {
        const key = `${nodes}/${quality}`;
        const what = `fCoSE ${quality}, ${en(nodes)} nodes (2 edges per node): Web Worker vs main thread, median (min–max)`;
        if ((plan.skip as readonly string[]).includes(key)) {
          rows.push({ section: 'client', what, figure: `skipped at size ${ctx.size}` });
          continue;
        }
        const main = await repeatCapped(plan, (i) =>
          capped(state, reopen, plan.capMs, (page) =>
            page.evaluate(([n, q, s]) => window.ententeBench.fcoseOnMain(n, q, s), [
              nodes,
              quality,
              11 + i,
            ] as const),
          ),
        );
        const mainFigure = main.timedOut
          ? `> ${plan.capMs / 1000} s`
          : `${spread(main.runs, seconds)} (${runsOf(main.runs)})`;
        if (!main.timedOut) mainMs.set(key, main.median);
        ctx.log(
          `client: fCoSE ${quality} ${nodes} main thread: ${main.runs.map(fmtMs).join(', ')}${main.timedOut ? ' (capped)' : ''}`,
        );
        let workerFigure: string;
        let ratio: string | undefined;
        if (main.timedOut && !plan.workerAfterCap) {
          workerFigure = `skipped at size ${ctx.size} (main thread capped)`;
        } else if (!main.timedOut && main.median > plan.workerUpToMs) {
          workerFigure = `skipped at size ${ctx.size} (main > ${plan.workerUpToMs / 1000} s)`;
        } else {
          const worker = await repeatCapped(plan, (i) =>
            state.page.evaluate(
              ([n, q, s, cap]) => window.ententeBench.fcoseOnWorker(n, q, s, cap),
              [nodes, quality, 11 + i, plan.capMs] as const,
            ),
          );
          ctx.log(
            `client: fCoSE ${quality} ${nodes} worker: ${worker.runs.map(fmtMs).join(', ')}${worker.timedOut ? ' (capped)' : ''}`,
          );
          workerFigure = worker.timedOut
            ? `> ${plan.capMs / 1000} s`
            : `${spread(worker.runs, seconds)} (${runsOf(worker.runs)})`;
          if (!worker.timedOut && !main.timedOut) ratio = times(main.median / worker.median);
        }
        rows.push({
          section: 'client',
          what,
          figure: workerFigure,
          baseline: mainFigure,
          ...(ratio ? { ratio } : {}),
        });
      }
    }
    ctx.log(`client: fCoSE done after ${Math.round((Date.now() - sectionStarted) / 1000)} s`);

    // 3. The explorer's own full layout: its worker, its quality choice, drawn by its renderer.
    for (const nodes of LAYOUT_NODES) {
      const timings: OnScreenTiming[] = [];
      for (let i = 0; i < REPEATS; i++) {
        timings.push(
          await state.page.evaluate(([n, s]) => window.ententeBench.explorerLayout(n, s), [
            nodes,
            21 + i,
          ] as const),
        );
      }
      const finalMs = median(timings.map((t) => t.finalMs));
      const firstMs = median(timings.map((t) => t.firstMs));
      ctx.log(`client: explorer layout ${nodes}: ${timings.map(describeTiming).join('; ')}`);
      const mainDefault = mainMs.get(`${nodes}/default`);
      rows.push({
        section: 'client',
        what: `explorer full layout of ${en(nodes)} nodes on screen (its worker: fCoSE draft, refined up to 350 nodes), ${REPEATS} runs, median (min–max)`,
        figure: `${spread(
          timings.map((t) => t.finalMs),
          seconds,
        )}${firstMs < finalMs - 1 ? ` (first draft ${seconds(firstMs)})` : ''}`,
        baseline: mainDefault
          ? `${seconds(mainDefault)} fCoSE default, main thread`
          : `> ${plan.capMs / 1000} s fCoSE default, main thread`,
        ratio: mainDefault ? times(mainDefault / finalMs) : `> ${times(plan.capMs / finalMs)}`,
      });
      rows.push(taskRow(`long tasks during the explorer's layout of ${en(nodes)} nodes`, timings));
    }

    // 4. Incremental expansion vs a full re-layout of the same scene.
    await state.page.evaluate(() => window.ententeBench.prepareExpansionScene(500, 31));
    // One expansion first, not counted: the page's code for it runs cold otherwise.
    await state.page.evaluate(() => window.ententeBench.expandIncrementally(50, 40));
    const incremental: OnScreenTiming[] = [];
    const full: OnScreenTiming[] = [];
    // Both take well under a second, so nine runs of each keep frame timing noise down.
    for (let i = 0; i < 9; i++) {
      incremental.push(
        await state.page.evaluate((s) => window.ententeBench.expandIncrementally(50, s), 41 + i),
      );
      full.push(await state.page.evaluate(() => window.ententeBench.relayoutExpanded()));
    }
    const incMs = median(incremental.map((t) => t.finalMs));
    const fullMs = median(full.map((t) => t.finalMs));
    ctx.log(
      `client: expansion ${incremental.map(describeTiming).join('; ')}\nclient: full re-layout ${full.map(describeTiming).join('; ')}`,
    );
    rows.push({
      section: 'client',
      what: `incremental expansion: 50 newcomers into a 500-node scene, placed, relaxed and drawn (${incremental.length} runs, median (min–max))`,
      figure: `${spread(
        incremental.map((t) => t.finalMs),
        fmtMs,
      )} (settling the newcomers on the main thread ${fmtMs(median(incremental.map((t) => t.layoutMs)))})`,
      baseline: `${spread(
        full.map((t) => t.finalMs),
        fmtMs,
      )} explorer full re-layout of the 550 nodes (fCoSE draft)`,
      ratio: times(fullMs / incMs),
      target: '≥ 5× faster than the re-layout, same run',
      met: fullMs / incMs >= 5,
    });
    rows.push(taskRow('long tasks during an expansion', incremental));

    // 5. The worst case for an expansion: it tips the scene into the big-scene look, so
    // every edge already drawn is restyled (a slice at a time) as well.
    await state.page.evaluate(() => window.ententeBench.prepareExpansionScene(317, 33));
    await state.page.evaluate(() => window.ententeBench.expandIncrementally(50, 70));
    const crossing: OnScreenTiming[] = [];
    for (let i = 0; i < 5; i++) {
      crossing.push(
        await state.page.evaluate((s) => window.ententeBench.expandIncrementally(50, s), 71 + i),
      );
    }
    ctx.log(`client: tier-crossing expansion ${crossing.map(describeTiming).join('; ')}`);
    const crossMs = median(crossing.map((t) => t.finalMs));
    rows.push({
      section: 'client',
      what: `expansion that tips the scene into the big-scene look: 50 newcomers into a 317-node scene (951 → 1,061 elements, every edge restyled a slice at a time), on screen (${crossing.length} runs, median (min–max))`,
      figure: spread(
        crossing.map((t) => t.finalMs),
        fmtMs,
      ),
      baseline: `${fmtMs(incMs)} plain 50-node expansion (above), same run`,
      ratio: times(crossMs / incMs),
      target: '≤ 3× the plain expansion',
      met: crossMs / incMs <= 3,
    });
    rows.push(taskRow('long tasks during the expansion that tips the scene', crossing));

    const calibrationAfter = await calibration();
    const cal = (runs: number[]) =>
      `${fmtMs(median(runs))} (${fmtMs(percentile(runs, 0))}–${fmtMs(Math.max(...runs))})`;
    ctx.note(
      `client: ${executable.build} ${browser.version()} (headless, software rendering); viewport ${VIEWPORT.width}×${VIEWPORT.height}`,
    );
    ctx.note(
      `client CPU calibration (tests/bench/client/calibration.ts, median (min–max) of 7): in the page ${cal(calibrationBefore.page)} before, ${cal(calibrationAfter.page)} after; in Node ${cal(calibrationBefore.node)} before, ${cal(calibrationAfter.node)} after`,
    );
    ctx.note(
      `client: load average (1, 5, 15 min) ${loadAtStart} at the start, ${loadNow()} at the end; ${Math.round((Date.now() - sectionStarted) / 1000)} s in all`,
    );
  } finally {
    await browser.close();
    await new Promise((done) => server.close(done));
  }
  ctx.log(`client: section took ${Math.round((Date.now() - sectionStarted) / 1000)} s`);
  return rows;
}

/**
 * Up to REPEATS runs, fewer when one cell would eat the section's budget; a run that hits
 * the cap (null) ends the cell.
 */
async function repeatCapped(
  plan: (typeof PLAN)[keyof typeof PLAN],
  run: (i: number) => Promise<number | null>,
): Promise<{ runs: number[]; median: number; timedOut: boolean }> {
  const runs: number[] = [];
  let spent = 0;
  for (let i = 0; i < REPEATS; i++) {
    const started = Date.now();
    const ms = await run(i);
    if (ms === null) return { runs, median: Number.NaN, timedOut: true };
    runs.push(ms);
    spent += Date.now() - started;
    if (spent > plan.cellBudgetMs) break;
  }
  return { runs, median: median(runs), timedOut: false };
}
