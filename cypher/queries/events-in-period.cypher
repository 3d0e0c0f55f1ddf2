// title: Events in a period
// description: Dated events between two dates (inclusive), with who took part and where, in date order.
// param: from date default="2023-07-01" - the first day
// param: to date default="2023-08-31" - the last day
MATCH (event:Event)
WHERE event.date >= date($from) AND event.date <= date($to)
OPTIONAL MATCH (participant)-[participation:PARTICIPATED_IN]->(event)
OPTIONAL MATCH (event)-[held:HELD_IN]->(place)
WITH event,
     collect(DISTINCT participant) AS participants,
     collect(DISTINCT participation) AS participations,
     collect(DISTINCT place) AS places,
     collect(DISTINCT held) AS helds
RETURN event.date AS date,
       event.name AS name,
       [p IN participants | p.name] AS participantNames,
       [p IN places | p.name] AS placeNames,
       event, participants, participations, places, helds
ORDER BY date, name;
