// title: What links two entities?
// description: The shortest paths between two entities (matched by name, title, alias or id, any case), at most maxHops long, with the stance and evidence of every step.
// param: from string default="Viktor Khrenin" - the first entity
// param: to string default="Vladimir Putin" - the second entity
// param: maxHops integer default=4 - the longest path to report (1 to 10)
MATCH (a)
WHERE a.id = $from
   OR toLower(a.name) = toLower($from)
   OR toLower(a.title) = toLower($from)
   OR any(alias IN coalesce(a.aliases, []) WHERE toLower(alias) = toLower($from))
MATCH (b)
WHERE b.id = $to
   OR toLower(b.name) = toLower($to)
   OR toLower(b.title) = toLower($to)
   OR any(alias IN coalesce(b.aliases, []) WHERE toLower(alias) = toLower($to))
WITH a, b
WHERE a <> b
// The search itself is bounded at 10 hops; the filter below applies maxHops afterwards, so
// the shortest-path search never falls back to an exhaustive one.
MATCH path = allShortestPaths((a)-[*..10]-(b))
WITH path
WHERE length(path) <= toInteger($maxHops)
RETURN length(path) AS hops,
       [n IN nodes(path) | coalesce(n.name, n.title, n.id)] AS via,
       [r IN relationships(path) | type(r)] AS relationships,
       [r IN relationships(path) | r.stance] AS stances,
       [r IN relationships(path) | r.quote] AS quotes,
       path
LIMIT 25;
