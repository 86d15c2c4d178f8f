// Colour themes for create_charts, as vega-lite configs. py-orc pipelines name matplotlib and
// seaborn styles ("seaborn", "ggplot"); those map to palettes in the same spirit. Unknown names
// fall back to the default theme rather than failing a run over a matter of taste.

type Config = Record<string, unknown>;

const palette = (colors: string[], extra: Config = {}): Config => ({
  range: { category: colors },
  mark: { color: colors[0] },
  ...extra,
});

const SEABORN = [
  '#4c72b0',
  '#dd8452',
  '#55a868',
  '#c44e52',
  '#8172b3',
  '#937860',
  '#da8bc3',
  '#8c8c8c',
  '#ccb974',
  '#64b5cd',
];
const GGPLOT = ['#e24a33', '#348abd', '#988ed5', '#777777', '#fbc15e', '#8eba42', '#ffb5b8'];
const FIVETHIRTYEIGHT = ['#008fd5', '#fc4f30', '#e5ae38', '#6d904f', '#8b8b8b', '#810f7c'];
const DARK = ['#4fc3f7', '#ffb74d', '#81c784', '#e57373', '#ba68c8', '#a1887f'];

const THEMES: Readonly<Record<string, Config>> = {
  default: {},
  seaborn: palette(SEABORN, {
    axis: { gridColor: '#ffffff', domain: false, tickColor: '#ffffff' },
    view: { fill: '#eaeaf2', stroke: null },
  }),
  ggplot: palette(GGPLOT, { axis: { gridColor: '#ffffff', domain: false }, view: { fill: '#e5e5e5', stroke: null } }),
  fivethirtyeight: palette(FIVETHIRTYEIGHT, {
    background: '#f0f0f0',
    view: { stroke: null },
    axis: { gridColor: '#cbcbcb', domain: false },
  }),
  dark: palette(DARK, {
    background: '#1e1e1e',
    title: { color: '#f0f0f0' },
    axis: {
      labelColor: '#d0d0d0',
      titleColor: '#f0f0f0',
      gridColor: '#3a3a3a',
      domainColor: '#888888',
      tickColor: '#888888',
    },
    legend: { labelColor: '#d0d0d0', titleColor: '#f0f0f0' },
    view: { stroke: '#3a3a3a' },
  }),
};

const ALIASES: Readonly<Record<string, string>> = {
  ggplot2: 'ggplot',
  'seaborn-v0_8': 'seaborn',
  darkgrid: 'seaborn',
  whitegrid: 'default',
  light: 'default',
  dark_background: 'dark',
};

/** The vega-lite config of a theme name; unknown names and no name give the default. */
export function themeConfig(name: unknown): Config {
  if (typeof name !== 'string') return THEMES.default!;
  const key = name.trim().toLowerCase();
  return THEMES[ALIASES[key] ?? key] ?? THEMES[key.split(/[-_]/)[0] ?? ''] ?? THEMES.default!;
}
