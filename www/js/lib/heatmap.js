// Draw a grid of values onto a <canvas> as a heat map. Generic: pass the
// values (row-major, `rows` x `cols`, row 0 at the top), a value -> [r, g, b]
// colour function, and optionally points to draw on top.
//
//   drawHeatmap(canvas, { values, rows: 40, cols: 40, color: (v) => divergingRgb(2 * v - 1) });

/**
 * @param {HTMLCanvasElement} canvas drawn at its own width/height (CSS may scale it)
 * @param {{values: ArrayLike<number>, rows: number, cols: number,
 *          color: (v: number) => number[], offset?: number, stride?: number,
 *          points?: {x: number, y: number, color: string, stroke?: string}[],
 *          domain?: {x: [number, number], y: [number, number]}}} opts
 *   values[offset + (r*cols + c)*stride] is cell (r, c). Points use `domain` (data
 *   coordinates; y grows upwards) to find their pixel.
 */
export function drawHeatmap(canvas, opts) {
  const { values, rows, cols, color, offset = 0, stride = 1, points = [], domain } = opts;
  const ctx = canvas.getContext('2d');
  const img = ctx.createImageData(cols, rows);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const [R, G, B] = color(values[offset + (r * cols + c) * stride]);
      const p = (r * cols + c) * 4;
      img.data[p] = R; img.data[p + 1] = G; img.data[p + 2] = B; img.data[p + 3] = 255;
    }
  }
  // Scale the small image up to the canvas with smoothing off for crisp cells.
  const tmp = heatmapScratch(canvas, cols, rows);
  tmp.getContext('2d').putImageData(img, 0, 0);
  ctx.imageSmoothingEnabled = true;
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  ctx.drawImage(tmp, 0, 0, canvas.width, canvas.height);
  if (points.length && domain) {
    const [x0, x1] = domain.x;
    const [y0, y1] = domain.y;
    const rad = Math.max(2, canvas.width / 80);
    for (const pt of points) {
      const px = ((pt.x - x0) / (x1 - x0)) * canvas.width;
      const py = (1 - (pt.y - y0) / (y1 - y0)) * canvas.height;
      ctx.beginPath();
      ctx.arc(px, py, rad, 0, 2 * Math.PI);
      ctx.fillStyle = pt.color;
      ctx.fill();
      ctx.lineWidth = 1;
      ctx.strokeStyle = pt.stroke ?? '#fff';
      ctx.stroke();
    }
  }
}

const scratch = new WeakMap();
function heatmapScratch(canvas, w, h) {
  let c = scratch.get(canvas);
  if (!c || c.width !== w || c.height !== h) {
    c = document.createElement('canvas');
    c.width = w;
    c.height = h;
    scratch.set(canvas, c);
  }
  return c;
}

/**
 * Grid of (x, y) points over `domain`, row-major with row 0 at the top (largest y),
 * cell centres: returns Float64Array [x0, y0, x1, y1, ...] of length rows*cols*2.
 */
export function gridPoints(rows, cols, domain) {
  const out = new Float64Array(rows * cols * 2);
  const [x0, x1] = domain.x;
  const [y0, y1] = domain.y;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const i = (r * cols + c) * 2;
      out[i] = x0 + ((c + 0.5) / cols) * (x1 - x0);
      out[i + 1] = y1 - ((r + 0.5) / rows) * (y1 - y0);
    }
  }
  return out;
}
