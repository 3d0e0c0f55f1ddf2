// title: Neighbourhood of a person
// description: Everything within N hops of the given person (at most 3), each with its distance and one shortest path to it.
// param: person string default="Viktor Khrenin" - the person, by name, alias or id
// param: hops integer default=2 - how far to look (1 to 3)
MATCH (person:Person)
WHERE person.id = $person
   OR toLower(person.name) = toLower($person)
   OR any(alias IN coalesce(person.aliases, []) WHERE toLower(alias) = toLower($person))
WITH person, CASE WHEN toInteger($hops) < 1 THEN 1 WHEN toInteger($hops) > 3 THEN 3 ELSE toInteger($hops) END AS hops
MATCH path = (person)-[*1..3]-(neighbour)
WHERE length(path) <= hops AND neighbour <> person
WITH person, neighbour, path
ORDER BY length(path)
WITH person, neighbour, head(collect(path)) AS path
RETURN coalesce(neighbour.name, neighbour.title, neighbour.id) AS neighbour,
       labels(neighbour) AS labels,
       length(path) AS distance,
       [r IN relationships(path) | type(r)] AS relationships,
       path
ORDER BY distance, neighbour
LIMIT 300;
