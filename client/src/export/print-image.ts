/**
 * A picture of the canvas fit to print or paste into a report: the graph at 2×, with a
 * title, the date, a legend (labels and stances) and the sources the drawn edges cite.
 * The same layout is drawn to a PNG (a 2D canvas) or to an SVG (vector text around the
 * graph picture), so both say the same thing.
 */

export interface PrintInfo {
  title: string;
  /** When the picture was made, as the reader should see it. */
  date: string;
  labels: { label: string; color: string }[];
  stances: { name: string; text: string; dash: number[]; color: string }[];
  /** Titles of the sources cited (or their ids when the title is unknown). */
  sources: string[];
}

type Item =
  | {
      kind: 'text';
      x: number;
      y: number;
      text: string;
      size: number;
      weight: number;
      color: string;
    }
  | { kind: 'dot'; x: number; y: number; r: number; color: string }
  | { kind: 'line'; x1: number; x2: number; y: number; dash: number[]; color: string }
  | { kind: 'graph'; x: number; y: number; width: number; height: number };

const S = 2; // every measure below is in CSS pixels, doubled for print
const MARGIN = 24 * S;
const MIN_WIDTH = 900 * S;

/** Places everything; `graph` is the size of the graph picture (already at 2×). */
function layout(
  graph: { width: number; height: number },
  info: PrintInfo,
  measure: (text: string, size: number, weight: number) => number,
): { width: number; height: number; items: Item[] } {
  const width = Math.max(graph.width + 2 * MARGIN, MIN_WIDTH);
  const items: Item[] = [];
  const ink = '#1f2933';
  const muted = '#52606d';
  let y = MARGIN + 22 * S;
  items.push({
    kind: 'text',
    x: MARGIN,
    y,
    text: info.title,
    size: 22 * S,
    weight: 700,
    color: ink,
  });
  y += 20 * S;
  items.push({
    kind: 'text',
    x: MARGIN,
    y,
    text: info.date,
    size: 13 * S,
    weight: 400,
    color: muted,
  });
  y += 16 * S;
  items.push({
    kind: 'graph',
    x: Math.round((width - graph.width) / 2),
    y,
    width: graph.width,
    height: graph.height,
  });
  y += graph.height + 28 * S;

  // Legend: labels as coloured dots, then stances as line samples, wrapping as needed.
  const row = (
    entries: { draw: (x: number, y: number) => Item[]; text: string; lead: number }[],
  ) => {
    let x = MARGIN;
    for (const entry of entries) {
      const w = entry.lead + measure(entry.text, 12 * S, 400) + 18 * S;
      if (x + w > width - MARGIN && x > MARGIN) {
        x = MARGIN;
        y += 22 * S;
      }
      items.push(...entry.draw(x, y));
      items.push({
        kind: 'text',
        x: x + entry.lead,
        y: y + 4 * S,
        text: entry.text,
        size: 12 * S,
        weight: 400,
        color: ink,
      });
      x += w;
    }
    y += 26 * S;
  };
  items.push({ kind: 'text', x: MARGIN, y, text: 'Legend', size: 13 * S, weight: 700, color: ink });
  y += 20 * S;
  row(
    info.labels.map(({ label, color }) => ({
      text: label,
      lead: 16 * S,
      draw: (x, at) => [{ kind: 'dot', x: x + 6 * S, y: at, r: 6 * S, color }],
    })),
  );
  row(
    info.stances.map((stance) => ({
      text: stance.text,
      lead: 40 * S,
      draw: (x, at) => [
        {
          kind: 'line',
          x1: x,
          x2: x + 32 * S,
          y: at,
          dash: stance.dash.map((d) => d * S),
          color: stance.color,
        },
      ],
    })),
  );
  items.push({
    kind: 'text',
    x: MARGIN,
    y,
    text: info.sources.length > 0 ? 'Sources cited' : 'No sources cited by the edges drawn',
    size: 13 * S,
    weight: 700,
    color: ink,
  });
  y += 20 * S;
  info.sources.forEach((source, i) => {
    items.push({
      kind: 'text',
      x: MARGIN,
      y,
      text: `${i + 1}. ${source}`,
      size: 12 * S,
      weight: 400,
      color: ink,
    });
    y += 18 * S;
  });
  return { width, height: y + MARGIN - 8 * S, items };
}

const FONT = "Inter, system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif";

/** The picture as a PNG. */
export async function printablePng(graphPng: Blob, info: PrintInfo): Promise<Blob> {
  const picture = await createImageBitmap(graphPng);
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('This browser cannot draw the picture.');
  const font = (size: number, weight: number) => `${weight} ${size}px ${FONT}`;
  const measure = (text: string, size: number, weight: number) => {
    ctx.font = font(size, weight);
    return ctx.measureText(text).width;
  };
  const placed = layout(picture, info, measure);
  canvas.width = placed.width;
  canvas.height = placed.height;
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  for (const item of placed.items) {
    if (item.kind === 'text') {
      ctx.font = font(item.size, item.weight);
      ctx.fillStyle = item.color;
      ctx.fillText(item.text, item.x, item.y);
    } else if (item.kind === 'dot') {
      ctx.fillStyle = item.color;
      ctx.beginPath();
      ctx.arc(item.x, item.y, item.r, 0, 2 * Math.PI);
      ctx.fill();
    } else if (item.kind === 'line') {
      ctx.strokeStyle = item.color;
      ctx.lineWidth = 2 * S;
      ctx.setLineDash(item.dash);
      ctx.beginPath();
      ctx.moveTo(item.x1, item.y);
      ctx.lineTo(item.x2, item.y);
      ctx.stroke();
      ctx.setLineDash([]);
    } else {
      ctx.drawImage(picture, item.x, item.y, item.width, item.height);
    }
  }
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('No picture.'))), 'image/png'),
  );
}

const escapeXml = (text: string) => text.replace(/[<>&"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** The picture as an SVG: text stays text (searchable, sharp in print) around the graph picture. */
export async function printableSvg(graphPng: Blob, info: PrintInfo): Promise<Blob> {
  const picture = await createImageBitmap(graphPng);
  const ctx = document.createElement('canvas').getContext('2d');
  const measure = (text: string, size: number, weight: number) => {
    if (!ctx) return text.length * size * 0.55;
    ctx.font = `${weight} ${size}px ${FONT}`;
    return ctx.measureText(text).width;
  };
  const placed = layout(picture, info, measure);
  const href = await new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('Could not read the picture.'));
    reader.readAsDataURL(graphPng);
  });
  const parts = placed.items.map((item) => {
    if (item.kind === 'text') {
      return `<text x="${item.x}" y="${item.y}" font-size="${item.size}" font-weight="${item.weight}" fill="${item.color}">${escapeXml(item.text)}</text>`;
    }
    if (item.kind === 'dot')
      return `<circle cx="${item.x}" cy="${item.y}" r="${item.r}" fill="${item.color}"/>`;
    if (item.kind === 'line') {
      const dash = item.dash.length > 0 ? ` stroke-dasharray="${item.dash.join(' ')}"` : '';
      return `<line x1="${item.x1}" y1="${item.y}" x2="${item.x2}" y2="${item.y}" stroke="${item.color}" stroke-width="${2 * S}"${dash}/>`;
    }
    return `<image x="${item.x}" y="${item.y}" width="${item.width}" height="${item.height}" href="${href}"/>`;
  });
  const svg =
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<svg xmlns="http://www.w3.org/2000/svg" width="${placed.width}" height="${placed.height}" viewBox="0 0 ${placed.width} ${placed.height}" font-family="${escapeXml(FONT)}">` +
    `<title>${escapeXml(info.title)}</title><rect width="100%" height="100%" fill="#ffffff"/>${parts.join('')}</svg>`;
  return new Blob([svg], { type: 'image/svg+xml' });
}
