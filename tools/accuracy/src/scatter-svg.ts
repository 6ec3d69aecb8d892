export interface ScatterSeries {
  label: string;
  color: string;
  points: Array<{ measured: number; predicted: number }>;
}

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * A log-log scatter of predicted against measured values with the identity line and the ±25% lines,
 * one panel per metric, written as a standalone SVG document.
 */
export function scatterSvg(panels: Array<{ title: string; unit: string; series: ScatterSeries[] }>): string {
  const size = 420;
  const margin = 56;
  const gap = 40;
  const width = panels.length * (size + margin + gap) + 20;
  const height = size + margin + 70;
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
  );
  parts.push(`<title>${escapeXml(panels.map((p) => p.title).join(' and '))}: predicted against measured</title>`);
  parts.push(`<rect width="${width}" height="${height}" fill="white"/>`);
  panels.forEach((panel, index) => {
    const x0 = 20 + index * (size + margin + gap) + margin;
    const y0 = 30;
    const values = panel.series
      .flatMap((s) => s.points.flatMap((p) => [p.measured, p.predicted]))
      .filter((v) => Number.isFinite(v) && v > 0);
    const lo = 10 ** Math.floor(Math.log10(Math.min(...values)));
    const hi = 10 ** Math.ceil(Math.log10(Math.max(...values)));
    const scale = (v: number) => (Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo));
    const px = (v: number) => x0 + scale(v) * size;
    const py = (v: number) => y0 + size - scale(v) * size;
    parts.push(`<text x="${x0 + size / 2}" y="${y0 - 10}" text-anchor="middle" font-weight="bold">${escapeXml(panel.title)}</text>`);
    parts.push(`<rect x="${x0}" y="${y0}" width="${size}" height="${size}" fill="none" stroke="#999"/>`);
    for (let decade = lo; decade <= hi; decade *= 10) {
      parts.push(`<line x1="${px(decade)}" y1="${y0}" x2="${px(decade)}" y2="${y0 + size}" stroke="#eee"/>`);
      parts.push(`<line x1="${x0}" y1="${py(decade)}" x2="${x0 + size}" y2="${py(decade)}" stroke="#eee"/>`);
      parts.push(`<text x="${px(decade)}" y="${y0 + size + 16}" text-anchor="middle">${decade}</text>`);
      parts.push(`<text x="${x0 - 6}" y="${py(decade) + 4}" text-anchor="end">${decade}</text>`);
    }
    // Identity, and predictions 25% above or below the measurement.
    parts.push(`<line x1="${px(lo)}" y1="${py(lo)}" x2="${px(hi)}" y2="${py(hi)}" stroke="#333"/>`);
    parts.push(`<line x1="${px(lo)}" y1="${py(lo * 1.25)}" x2="${px(hi / 1.25)}" y2="${py(hi)}" stroke="#666" stroke-dasharray="4 3"/>`);
    parts.push(`<line x1="${px(lo * 1.25)}" y1="${py(lo)}" x2="${px(hi)}" y2="${py(hi / 1.25)}" stroke="#666" stroke-dasharray="4 3"/>`);
    for (const series of panel.series) {
      for (const p of series.points) {
        if (!(p.measured > 0 && p.predicted > 0)) continue;
        parts.push(
          `<circle cx="${px(p.measured).toFixed(1)}" cy="${py(Math.min(hi, Math.max(lo, p.predicted))).toFixed(1)}" r="2.6" fill="${series.color}" fill-opacity="0.6"/>`,
        );
      }
    }
    parts.push(`<text x="${x0 + size / 2}" y="${y0 + size + 34}" text-anchor="middle">measured ${escapeXml(panel.unit)}</text>`);
    parts.push(
      `<text transform="translate(${x0 - 42},${y0 + size / 2}) rotate(-90)" text-anchor="middle">predicted ${escapeXml(panel.unit)}</text>`,
    );
    panel.series.forEach((series, i) => {
      const ly = y0 + size + 50 + 0;
      const lx = x0 + i * 150;
      parts.push(
        `<circle cx="${lx}" cy="${ly - 4}" r="4" fill="${series.color}"/><text x="${lx + 8}" y="${ly}">${escapeXml(series.label)}</text>`,
      );
    });
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
