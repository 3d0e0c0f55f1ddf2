// title: Claims by a party or source
// description: Every claim attributed to the given party (relationships with stance "claim" whose claimedBy names it), or, when a source is named, every relationship that source supports.
// param: party string default="Critical Threats Project" - a party (name, alias or id) or a source (title or id)
OPTIONAL MATCH (named)
WHERE named.id = $party
   OR toLower(named.name) = toLower($party)
   OR toLower(named.title) = toLower($party)
   OR any(alias IN coalesce(named.aliases, []) WHERE toLower(alias) = toLower($party))
WITH collect(named.id) + [$party] AS ids, toLower($party) AS partyText
MATCH (subject)-[statement]->(object)
WHERE (statement.stance = 'claim'
       AND (statement.claimedBy IN ids OR toLower(statement.claimedBy) = partyText))
   OR statement.sourceId IN ids
RETURN CASE WHEN statement.stance = 'claim' AND statement.claimedBy IN ids + [partyText]
            THEN 'claimed by the party' ELSE 'supported by the source' END AS basis,
       coalesce(subject.name, subject.title) AS subjectName,
       type(statement) AS relationship,
       coalesce(object.name, object.title) AS objectName,
       statement.stance AS stance,
       statement.claimedBy AS claimedBy,
       statement.quote AS quote,
       statement.sourceId AS sourceId,
       subject, statement, object
ORDER BY basis, stance, relationship, subjectName, objectName;
