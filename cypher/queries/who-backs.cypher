// title: Who backs a state?
// description: States and others that back or supply the given state (matched by name, alias or id, any case), with the evidence for each link.
// param: state string default="Russia" - the state being backed, e.g. "Russia", "Россия" or "state:russia"
MATCH (target:State)
WHERE target.id = $state
   OR toLower(target.name) = toLower($state)
   OR any(alias IN coalesce(target.aliases, []) WHERE toLower(alias) = toLower($state))
MATCH path = (backer)-[support:BACKS|SUPPLIES]->(target)
RETURN coalesce(backer.name, backer.title) AS backer,
       type(support) AS support,
       coalesce(support.context, '') AS context,
       coalesce(support.item, '') AS item,
       support.stance AS stance,
       support.quote AS quote,
       support.sourceId AS sourceId,
       path
ORDER BY backer, support;
