// An analyst's follow-up to the article: the ministry Ashtiani heads, from the public record.
// It adds one organisation and two relationships, with its own Source (an analyst note),
// and relies on 10-iran-belarus-defense.cypher for Ashtiani and Iran.

MERGE (s:Source {id: 'source:analyst-note-modafl-2023'})
SET s += {
  title: 'Analyst note: Iran’s Ministry of Defence and Armed Forces Logistics',
  kind: 'analyst note',
  year: 2023,
  basis: 'public record of the Iranian government (cabinet of 2021–2024)',
  followsUp: 'source:iran-belarus-defense-2023',
  text: 'Mohammad Reza Ashtiani heads Iran’s Ministry of Defence and Armed Forces Logistics as minister of defence. The Ministry of Defence and Armed Forces Logistics is a ministry of the government of Iran.'
};

MERGE (o:Organisation {id: 'org:iran-modafl'})
SET o += {
  name: 'Ministry of Defence and Armed Forces Logistics',
  kind: 'government ministry',
  aliases: ['MODAFL', 'Iran’s Ministry of Defence', "Iran's Ministry of Defence", 'Iranian Ministry of Defense', 'Ministry of Defense and Armed Forces Logistics', 'وزارت دفاع و پشتیبانی نیروهای مسلح', 'وزارت دفاع', 'Министерство обороны и поддержки вооружённых сил Ирана']
};

MATCH (a:Person {id: 'person:mohammad-reza-ashtiani'}), (b:Organisation {id: 'org:iran-modafl'})
MERGE (a)-[r:HOLDS_OFFICE {sourceId: 'source:analyst-note-modafl-2023'}]->(b)
SET r += {role: 'Minister', stance: 'reported', quote: 'Mohammad Reza Ashtiani heads Iran’s Ministry of Defence and Armed Forces Logistics as minister of defence.'};

MATCH (a:Organisation {id: 'org:iran-modafl'}), (b:State {id: 'state:iran'})
MERGE (a)-[r:PART_OF {sourceId: 'source:analyst-note-modafl-2023'}]->(b)
SET r += {stance: 'reported', quote: 'The Ministry of Defence and Armed Forces Logistics is a ministry of the government of Iran.'};
