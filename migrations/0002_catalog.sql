-- Service catalog updates. The catalog shipped with the build (src-main/core/catalog/data/*.json) is the
-- base; every item revision and calendar received by GET /v1/catalog is kept here, never overwritten, so a
-- case can always be shown under the item version it was accepted under (cases.item_version).

CREATE TABLE catalog_versions (
  version       INTEGER PRIMARY KEY,            -- catalog version reached by this update
  from_version  INTEGER NOT NULL,               -- version the terminal had before
  item_codes    TEXT NOT NULL,                  -- JSON array of changed item codes
  calendar_version INTEGER,                     -- calendar carried by the update, if any
  sha256        TEXT NOT NULL,                  -- of the update payload as received
  applied_at    TEXT NOT NULL
) STRICT;

CREATE TABLE catalog_item_revisions (
  code          TEXT NOT NULL,                  -- SI-04-02
  version       INTEGER NOT NULL,               -- the item's own version
  catalog_version INTEGER NOT NULL REFERENCES catalog_versions(version),
  item_json     TEXT NOT NULL,                  -- validated item, contract format
  PRIMARY KEY (code, version)
) STRICT;

CREATE TABLE catalog_calendars (
  version       INTEGER PRIMARY KEY,
  catalog_version INTEGER NOT NULL REFERENCES catalog_versions(version),
  calendar_json TEXT NOT NULL
) STRICT;
