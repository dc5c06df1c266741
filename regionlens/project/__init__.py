"""The project as the one core object's home: coding identity, stage dispatch and their typed errors.

`regionlens.store.project.Project` is the object every layer receives; this
package holds what it delegates to, above the pipelines it calls:

- `identity` — the joint version and hash of codebook, gazetteer and catalogue;
- `stages` — ingest, code (serial, processes or Dask), reprints, analysis and
  report, each refreshing the dashboard's summary tables where it changes them;
- `errors` — the typed errors those stages raise for the CLI, web and library to render.

Nothing here is imported at `import regionlens`; modules load when used.
"""
