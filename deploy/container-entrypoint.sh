#!/bin/sh
# Create the project on first start (PostgreSQL when REGIONLENS_DB is set, SQLite otherwise), then run the command.
set -eu
PROJECT="${REGIONLENS_PROJECT:-/data/project}"
if [ ! -f "$PROJECT/regionlens.yaml" ]; then
  if [ -n "${REGIONLENS_DB:-}" ]; then
    regionlens init "$PROJECT" --db "$REGIONLENS_DB"
  else
    regionlens init "$PROJECT"
  fi
fi
mkdir -p /data/backups
exec "$@"
