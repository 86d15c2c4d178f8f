import { defineTool } from './definition.js';

export const webSearchTool = defineTool({
  name: 'web-search',
  description: 'Web search through a pluggable provider chosen by the worker (or the step).',
  actions: {
    search: {
      description: 'Search the web and return the top results.',
      parameters: {
        query: { type: 'string', required: true, description: 'the search terms' },
        max_results: { type: 'integer', default: 10, description: 'how many results at most' },
        region: {
          type: 'string',
          description: 'region and language code, e.g. "us-en", where the provider supports it',
        },
        safesearch: {
          type: 'string',
          default: 'moderate',
          enum: ['strict', 'moderate', 'off'],
          description: 'adult-content filtering, where the provider supports it',
        },
        provider: {
          type: 'string',
          description: "a search provider configured on the worker; the worker's default if absent",
        },
      },
      inert: {
        backend:
          "py-orc's backends (duckduckgo, bing, google) are not orc's providers; the worker's provider is used (ORC_SEARCH_PROVIDER), or name one with provider: brave, tavily or searxng. py-orc too falls back to its default when the named backend is not enabled",
      },
      returns: ['query', 'results', 'total_results'],
      result: '{ query, results: [{ title, url, snippet }], total_results }',
    },
  },
});
