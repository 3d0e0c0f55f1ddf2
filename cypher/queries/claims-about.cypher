// title: Claims about an entity
// description: Everything said about the given entity that is not a reported fact — claims (with who makes them), the author's opinions, speculation and forecasts — whether the entity is the subject or the object, with the quote each rests on. "Claims by a party" answers the other question: what a party itself claims.
// param: entity string default="Belarus" - a name, alias or id of any node
MATCH (entity)
WHERE entity.id = $entity
   OR toLower(entity.name) = toLower($entity)
   OR toLower(entity.title) = toLower($entity)
   OR any(alias IN coalesce(entity.aliases, []) WHERE toLower(alias) = toLower($entity))
MATCH (subject)-[statement]->(object)
WHERE (subject = entity OR object = entity)
  AND statement.stance IS NOT NULL AND statement.stance <> 'reported'
OPTIONAL MATCH (claimant) WHERE statement.claimedBy IS NOT NULL AND claimant.id = statement.claimedBy
RETURN coalesce(subject.name, subject.title) AS subjectName,
       type(statement) AS relationship,
       coalesce(object.name, object.title) AS objectName,
       statement.stance AS stance,
       coalesce(claimant.name, claimant.title, statement.claimedBy,
                CASE WHEN statement.stance IN ['opinion', 'speculation', 'forecast'] THEN 'the author' END) AS saidBy,
       statement.quote AS quote,
       statement.sourceId AS sourceId,
       subject, statement, object
ORDER BY stance, relationship, subjectName, objectName;
