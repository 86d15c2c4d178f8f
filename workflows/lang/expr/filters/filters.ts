// The filter registry: every filter a template may use, and nothing else.

import type { FilterDefinition } from './filter-support.js';
import { DATA_FILTERS } from './filters-data.js';
import { FUNCTIONAL_FILTERS, DEFAULT_FILTERS } from './filters-functional.js';
import { HTML_FILTERS } from './filters-html.js';
import { LAYOUT_FILTERS } from './filters-layout.js';
import { LIST_FILTERS } from './filters-lists.js';
import { NUMBER_FILTERS } from './filters-numbers.js';
import { TEXT_FILTERS } from './filters-text.js';

export const FILTERS: ReadonlyMap<string, FilterDefinition> = new Map(
  Object.entries({
    ...DEFAULT_FILTERS,
    ...TEXT_FILTERS,
    ...LIST_FILTERS,
    ...FUNCTIONAL_FILTERS,
    ...NUMBER_FILTERS,
    ...DATA_FILTERS,
    ...HTML_FILTERS,
    ...LAYOUT_FILTERS,
  }),
);
