// Self-contained HTML pages: one chart, or a dashboard of several. Charts are inline SVG (or a
// PNG as a data: URL), never links. The Content-Security-Policy allows no script and no fetch at
// all, so a chart file someone else put in the workspace cannot run code when the page is opened.

export interface EmbeddedChart {
  /** Inline SVG markup, or an <img> with a data: URL. */
  markup: string;
  /** Shown under the chart in a dashboard: the file it came from. */
  caption?: string;
}

const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

const STYLE = `
body { font-family: system-ui, sans-serif; margin: 2rem; color: #222; background: #fafafa; }
h1 { font-weight: 600; font-size: 1.5rem; }
.charts { display: grid; gap: 1.5rem; }
.charts.grid { grid-template-columns: repeat(auto-fill, minmax(520px, 1fr)); }
.charts.vertical { grid-template-columns: 1fr; }
figure { margin: 0; padding: 1rem; background: white; border: 1px solid #e2e2e2; border-radius: 6px; overflow: auto; }
figure svg, figure img { max-width: 100%; height: auto; }
figcaption { color: #777; font-size: 0.8rem; margin-top: 0.5rem; }
`;

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function page(title: string, body: string): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    `<body>\n${body}\n</body>`,
    '</html>',
    '',
  ].join('\n');
}

/** One chart on a page; the chart carries its own title, so the page shows no heading. */
export function chartPage(svg: string, title: string): string {
  return page(title, `<figure class="chart">\n${svg}\n</figure>`);
}

export function dashboardPage(charts: readonly EmbeddedChart[], layout: 'grid' | 'vertical', title: string): string {
  const figures = charts.map(
    (chart) =>
      `<figure>\n${chart.markup}\n${chart.caption ? `<figcaption>${escapeHtml(chart.caption)}</figcaption>\n` : ''}</figure>`,
  );
  return page(title, `<h1>${escapeHtml(title)}</h1>\n<div class="charts ${layout}">\n${figures.join('\n')}\n</div>`);
}
