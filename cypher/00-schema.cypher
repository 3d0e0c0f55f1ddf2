// Aliases: Neo4j 5.26 full-text indexes accept LIST<STRING> (tested), so `aliases` stays a list and is indexed as such; there is no aliasesText.
//
// The schema every seed file relies on: a stable `id` per label, one full-text index for
// search (names, titles, aliases in any script; case- and accent-insensitive), and range
// indexes on the dates the explorer filters by ("as of").

// Stable ids: seed files MERGE on them, so re-running a file never duplicates a node.
CREATE CONSTRAINT person_id IF NOT EXISTS FOR (n:Person) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT state_id IF NOT EXISTS FOR (n:State) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT organisation_id IF NOT EXISTS FOR (n:Organisation) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT agreement_id IF NOT EXISTS FOR (n:Agreement) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT event_id IF NOT EXISTS FOR (n:Event) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT weapon_id IF NOT EXISTS FOR (n:Weapon) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT place_id IF NOT EXISTS FOR (n:Place) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT source_id IF NOT EXISTS FOR (n:Source) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT conflict_id IF NOT EXISTS FOR (n:Conflict) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT topic_id IF NOT EXISTS FOR (n:Topic) REQUIRE n.id IS UNIQUE;

// Search: standard-folding lowercases and strips accents, so "khrenin", "Khrenin" and
// "Ashtiāni" match; Cyrillic and Persian aliases are tokenised like any other words.
CREATE FULLTEXT INDEX entity_search IF NOT EXISTS
FOR (n:Person|State|Organisation|Agreement|Event|Weapon|Place|Source|Conflict|Topic)
ON EACH [n.name, n.title, n.aliases]
OPTIONS { indexConfig: { `fulltext.analyzer`: 'standard-folding' } };

// Dated nodes, for "as of" filtering and timelines.
CREATE INDEX event_date IF NOT EXISTS FOR (n:Event) ON (n.date);
CREATE INDEX agreement_date IF NOT EXISTS FOR (n:Agreement) ON (n.date);
CREATE INDEX source_year IF NOT EXISTS FOR (n:Source) ON (n.year);

// Dated relationships (range indexes on relationships are per type).
CREATE INDEX signed_date IF NOT EXISTS FOR ()-[r:SIGNED]-() ON (r.date);
CREATE INDEX participated_in_date IF NOT EXISTS FOR ()-[r:PARTICIPATED_IN]-() ON (r.date);
CREATE INDEX discussed_date IF NOT EXISTS FOR ()-[r:DISCUSSED]-() ON (r.date);
CREATE INDEX visited_date IF NOT EXISTS FOR ()-[r:VISITED]-() ON (r.date);
