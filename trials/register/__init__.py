"""The public trial register: what TrialIndexPage shows and exports.

- `selectors`: what a visitor can choose (facets, sorts, the `Selection` read from the
  query string) and the trials a register lists;
- `index`: the facet index (bitmasks) that filters, counts and sorts, and its version;
- `listing`: the visible rows, rendered and cached, and the trials they read;
- `chart`, `export`: the bar charts and the CSV/JSON export;
- `page`: the page's context and export response, called by `TrialIndexPage`;
- `signals`: what bumps the index version.

May import `trials.models`, `trials.countries`, `trials.dates`, `trials.registries`
and `portal.core`; `trials.tasks` only function-locally, to queue an index rebuild
(the task module imports the index). Models call in here from
`TrialIndexPage.serve`/`get_context` only, function-locally (the register reads the
models). Writes (imports, registry sync) live in `trials.services`, not here.
"""
