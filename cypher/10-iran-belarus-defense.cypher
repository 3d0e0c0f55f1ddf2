// The article "Iran and Belarus Boost Defense Relationship" (sources/iran-belarus-defense-article.txt)
// as a graph. Year inferred as 2023: the invasion of Ukraine was "last year".
//
// Every relationship rests on a source and is keyed on it (see cypher/README.md):
//   MERGE (a)-[r:TYPE {sourceId: '…'}]->(b) SET r += {quote, stance, …}
//   sourceId  the Source node it comes from (the key: another source makes another relationship)
//   quote     the sentence of the article it rests on, verbatim
//   stance    reported | claim | opinion | speculation | forecast | denial
//   claimedBy the id of the party making a claim (claims and denials)
// Nodes are MERGEd on `id` and relationships on their source, so re-running is safe.

// ---------------------------------------------------------------- sources

MERGE (s:Source {id: 'source:iran-belarus-defense-2023'})
SET s += {
  title: 'Iran and Belarus Boost Defense Relationship',
  kind: 'article',
  year: 2023,
  yearInferred: true,
  yearBasis: 'the invasion of Ukraine (2022) is called "last year"',
  textFile: 'sources/iran-belarus-defense-article.txt',
  aliases: ['Iran and Belarus boost defence relationship']
};

MERGE (s:Source {id: 'source:an-alliance-of-evil'})
SET s += {
  title: 'An Alliance of Evil',
  kind: 'article',
  status: 'cited',
  note: 'Recommended reading at the end of the Iran–Belarus article; not itself in the graph.'
};

// ---------------------------------------------------------------- people

UNWIND [
  {
    id: 'person:viktor-khrenin',
    name: 'Viktor Khrenin',
    description: 'Defence minister of Belarus',
    aliases: ['Viktar Khrenin', 'Khrenin', 'Віктар Хрэнін', 'Хрэнін', 'Виктор Хренин', 'Хренин', 'Віктор Хренін', 'Хренін', 'Wiktar Chrenin', 'Wiktor Chrenin']
  },
  {
    id: 'person:mohammad-reza-ashtiani',
    name: 'Mohammad Reza Ashtiani',
    description: 'Defence minister of Iran',
    aliases: ['Mohammed Reza Ashtiani', 'Mohammad-Reza Ashtiani', 'Mohammadreza Ashtiani', 'Mohammad Reza Gharaei Ashtiani', 'Ashtiani', 'محمدرضا آشتیانی', 'محمدرضا قرائی آشتیانی', 'آشتیانی', 'Мохаммад Реза Аштиани', 'Аштиани', 'Махамад Рэза Аштыяні']
  },
  {
    id: 'person:mohammad-bagheri',
    name: 'Mohammad Bagheri',
    description: 'Chief of the General Staff of the Armed Forces of Iran',
    aliases: ['Mohammed Bagheri', 'Mohammad Baqeri', 'Bagheri', 'محمد باقری', 'باقری', 'Мохаммад Багери', 'Багери', 'Махамад Багеры']
  },
  {
    id: 'person:alexander-lukashenko',
    name: 'Alexander Lukashenko',
    description: 'President of Belarus',
    aliases: ['Aliaksandr Lukashenka', 'Alyaksandr Lukashenka', 'Aleksandr Lukashenko', 'Lukashenko', 'Lukashenka', 'Аляксандр Лукашэнка', 'Лукашэнка', 'Александр Лукашенко', 'Лукашенко', 'Олександр Лукашенко', 'Aleksander Łukaszenka', 'Alexander Lukaschenko', 'الکساندر لوکاشنکو']
  },
  {
    id: 'person:vladimir-putin',
    name: 'Vladimir Putin',
    description: 'President of Russia',
    aliases: ['Vladimir Vladimirovich Putin', 'Putin', 'Владимир Путин', 'Путин', 'Уладзімір Пуцін', 'Пуцін', 'Володимир Путін', 'Путін', 'Władimir Putin', 'Wladimir Putin', 'ولادیمیر پوتین', 'پوتین']
  }
] AS row
MERGE (p:Person {id: row.id})
SET p += row;

// ---------------------------------------------------------------- states

UNWIND [
  {
    id: 'state:belarus',
    name: 'Belarus',
    aliases: ['Republic of Belarus', 'Belarussia', 'Belorussia', 'Беларусь', 'Рэспубліка Беларусь', 'Республика Беларусь', 'Белоруссия', 'Білорусь', 'Białoruś', 'Weißrussland', 'بلاروس']
  },
  {
    id: 'state:iran',
    name: 'Iran',
    aliases: ['Islamic Republic of Iran', 'Persia', 'ایران', 'جمهوری اسلامی ایران', 'Иран', 'Іран', 'Iranian']
  },
  {
    id: 'state:russia',
    name: 'Russia',
    aliases: ['Russian Federation', 'Россия', 'Российская Федерация', 'Расія', 'Росія', 'Rosja', 'Russland', 'روسیه']
  },
  {
    id: 'state:ukraine',
    name: 'Ukraine',
    aliases: ['Україна', 'Украина', 'Украіна', 'Ukraina', 'اوکراین']
  },
  {
    id: 'state:germany',
    name: 'Germany',
    aliases: ['Federal Republic of Germany', 'Deutschland', 'Германия', 'Германія', 'Німеччина', 'Niemcy', 'آلمان']
  },
  {
    id: 'state:poland',
    name: 'Poland',
    aliases: ['Republic of Poland', 'Polska', 'Польша', 'Польшча', 'Польща', 'Polen', 'لهستان']
  },
  {
    id: 'state:united-states',
    name: 'United States',
    aliases: ['USA', 'United States of America', 'America', 'Соединённые Штаты Америки', 'США', 'ЗША', 'Stany Zjednoczone', 'ایالات متحده آمریکا']
  }
] AS row
MERGE (s:State {id: row.id})
SET s += row;

// ---------------------------------------------------------------- organisations

UNWIND [
  {
    id: 'org:european-union',
    name: 'European Union',
    kind: 'union of states',
    aliases: ['EU', 'Европейский союз', 'Евросоюз', 'Еўрапейскі саюз', 'Еўрасаюз', 'Європейський Союз', 'Unia Europejska', 'Europäische Union', 'اتحادیه اروپا']
  },
  {
    id: 'org:critical-threats-project',
    name: 'Critical Threats Project',
    kind: 'research institute',
    description: 'An American research institute',
    aliases: ['CTP', 'Critical Threats']
  },
  {
    id: 'org:iran-armed-forces-general-staff',
    name: 'General Staff of the Armed Forces of Iran',
    kind: 'military command',
    aliases: ['Iran’s Armed Forces General Staff', "Iran's Armed Forces General Staff", 'General Staff of the Armed Forces of the Islamic Republic of Iran', 'Armed Forces General Staff', 'ستاد کل نیروهای مسلح', 'Генеральный штаб вооружённых сил Ирана']
  },
  {
    id: 'org:belarus-iran-military-cooperation-commission',
    name: 'Belarus–Iran military cooperation commission',
    kind: 'bilateral commission',
    status: 'proposed',
    statusNote: 'discussed on 1 August 2023; not yet formed',
    aliases: ['Belarus-Iran military cooperation commission', 'Беларуска-іранская камісія па ваенным супрацоўніцтве', 'Белорусско-иранская комиссия по военному сотрудничеству']
  }
] AS row
MERGE (o:Organisation {id: row.id})
SET o += row;

// ---------------------------------------------------------------- the memorandum

MERGE (a:Agreement {id: 'agreement:belarus-iran-defense-mou-2023'})
SET a += {
  name: 'Belarus–Iran defence memorandum of understanding',
  kind: 'memorandum of understanding',
  date: date('2023-07-31'),
  status: 'signed',
  details: 'unclear',
  aliases: ['Belarus-Iran defense memorandum of understanding', 'Belarus–Iran MoU', 'Belarus-Iran MoU', 'memorandum of understanding', 'Меморандум о взаимопонимании', 'Мемарандум аб узаемаразуменні', 'تفاهم‌نامه دفاعی ایران و بلاروس']
};

// ---------------------------------------------------------------- events

UNWIND [
  {
    id: 'event:khrenin-visit-tehran-2023',
    name: 'Khrenin’s visit to Tehran',
    kind: 'official visit',
    date: date('2023-07-31'),
    endDate: date('2023-08-01'),
    dateBasis: 'the dated meetings of the visit (31 July and 1 August)',
    aliases: ['Visit of the Belarusian defence minister to Iran', 'Визит министра обороны Беларуси в Иран']
  },
  {
    id: 'event:mou-signing-2023-07-31',
    name: 'Signing of the Belarus–Iran defence memorandum',
    kind: 'signing',
    date: date('2023-07-31'),
    aliases: ['MoU signing, 31 July 2023']
  },
  {
    id: 'event:khrenin-bagheri-meeting-2023-08-01',
    name: 'Khrenin–Bagheri meeting',
    kind: 'meeting',
    date: date('2023-08-01'),
    aliases: ['Meeting of the Belarusian defence minister and the chief of Iran’s general staff']
  }
] AS row
MERGE (e:Event {id: row.id})
SET e += row;

// ---------------------------------------------------------------- topics of the 1 August meeting

UNWIND [
  {
    id: 'topic:belarus-iran-joint-military-exercises',
    name: 'Joint Belarus–Iran military exercises',
    status: 'discussed',
    aliases: ['joint military exercises', 'Совместные военные учения', 'Сумесныя вайсковыя вучэнні', 'رزمایش مشترک']
  },
  {
    id: 'topic:belarus-iran-military-attaches',
    name: 'Belarus–Iran military attachés',
    status: 'discussed',
    aliases: ['military attachés', 'military attaches', 'Военные атташе', 'Ваенныя аташэ', 'وابسته نظامی']
  }
] AS row
MERGE (t:Topic {id: row.id})
SET t += row;

// ---------------------------------------------------------------- weapon, conflict, places

MERGE (w:Weapon {id: 'weapon:shahed-drone'})
SET w += {
  name: 'Shahed drone',
  kind: 'loitering munition ("suicide drone")',
  aliases: ['Shahed', 'Shahed suicide drone', 'Shahed-136', 'Geran-2', 'Шахед', 'Герань-2', 'Шахед-136', 'پهپاد شاهد', 'شاهد']
};

MERGE (c:Conflict {id: 'conflict:ukraine-war'})
SET c += {
  name: 'Ukraine War',
  startYear: 2022,
  aliases: ['war in Ukraine', 'Russian invasion of Ukraine', 'Russo-Ukrainian War', 'Війна в Україні', 'Російське вторгнення в Україну', 'Война в Украине', 'Вайна ва Украіне', 'جنگ اوکراین']
};

UNWIND [
  {
    id: 'place:tehran',
    name: 'Tehran',
    kind: 'city',
    aliases: ['Teheran', 'تهران', 'Тегеран', 'Тэгеран']
  },
  {
    id: 'place:berlin',
    name: 'Berlin',
    kind: 'city',
    aliases: ['Берлин', 'Берлін', 'برلین']
  },
  {
    id: 'place:warsaw',
    name: 'Warsaw',
    kind: 'city',
    aliases: ['Warszawa', 'Warschau', 'Варшава', 'ورشو']
  },
  {
    id: 'place:europe',
    name: 'Europe',
    kind: 'continent',
    aliases: ['Европа', 'Еўропа', 'Європа', 'Europa', 'اروپا']
  }
] AS row
MERGE (p:Place {id: row.id})
SET p += row;

// ================================================================ relationships
// Paragraph 1: the visit.

MATCH (a:Person {id: 'person:viktor-khrenin'}), (b:State {id: 'state:belarus'})
MERGE (a)-[r:HOLDS_OFFICE {sourceId: 'source:iran-belarus-defense-2023'}]->(b)
SET r += {role: 'Minister of Defence', stance: 'reported', quote: 'Belarussian Defense Minister Viktor Khrenin visited Tehran this week to increase defense ties with Iran.'};

MATCH (a:Person {id: 'person:viktor-khrenin'}), (b:Place {id: 'place:tehran'})
MERGE (a)-[r:VISITED {sourceId: 'source:iran-belarus-defense-2023'}]->(b)
SET r += {date: date('2023-07-31'), purpose: 'to increase defense ties with Iran', stance: 'reported', quote: 'Belarussian Defense Minister Viktor Khrenin visited Tehran this week to increase defense ties with Iran.'};

MATCH (a:Person {id: 'person:viktor-khrenin'}), (b:Event {id: 'event:khrenin-visit-tehran-2023'})
MERGE (a)-[r:PARTICIPATED_IN {sourceId: 'source:iran-belarus-defense-2023'}]->(b)
SET r += {role: 'visitor', date: date('2023-07-31'), stance: 'reported', quote: 'Belarussian Defense Minister Viktor Khrenin visited Tehran this week to increase defense ties with Iran.'};

MATCH (a:Event {id: 'event:khrenin-visit-tehran-2023'}), (b:Place {id: 'place:tehran'})
MERGE (a)-[r:HELD_IN {sourceId: 'source:iran-belarus-defense-2023'}]->(b)
SET r += {stance: 'reported', quote: 'Belarussian Defense Minister Viktor Khrenin visited Tehran this week to increase defense ties with Iran.'};

MATCH (a:Place {id: 'place:tehran'}), (b:State {id: 'state:iran'})
MERGE (a)-[r:LOCATED_IN {sourceId: 'source:iran-belarus-defense-2023'}]->(b)
SET r += {stance: 'reported', quote: 'Belarussian Defense Minister Viktor Khrenin visited Tehran this week to increase defense ties with Iran.'};

MATCH (a:State {id: 'state:belarus'}), (b:State {id: 'state:iran'})
MERGE (a)-[r:DEEPENS_DEFENSE_TIES_WITH {sourceId: 'source:iran-belarus-defense-2023'}]->(b)
SET r += {year: 2023, stance: 'reported', quote: 'Belarussian Defense Minister Viktor Khrenin visited Tehran this week to increase defense ties with Iran.'};

// 31 July: the memorandum.

MATCH (a:Person {id: 'person:mohammad-reza-ashtiani'}), (b:State {id: 'state:iran'})
MERGE (a)-[r:HOLDS_OFFICE {sourceId: 'source:iran-belarus-defense-2023'}]->(b)
SET r += {role: 'Minister of Defence', stance: 'reported', quote: 'On July 31, Khrenin signed a memorandum of understanding with Iranian Defense Minister Mohammed Reza Ashtiani.'};

MATCH (a:Person {id: 'person:viktor-khrenin'}), (b:Agreement {id: 'agreement:belarus-iran-defense-mou-2023'})
MERGE (a)-[r:SIGNED {sourceId: 'source:iran-belarus-defense-2023'}]->(b)
SET r += {date: date('2023-07-31'), onBehalfOf: 'state:belarus', stance: 'reported', quote: 'On July 31, Khrenin signed a memorandum of understanding with Iranian Defense Minister Mohammed Reza Ashtiani.'};

MATCH (a:Person {id: 'person:mohammad-reza-ashtiani'}), (b:Agreement {id: 'agreement:belarus-iran-defense-mou-2023'})
MERGE (a)-[r:SIGNED {sourceId: 'source:iran-belarus-defense-2023'}]->(b)
SET r += {date: date('2023-07-31'), onBehalfOf: 'state:iran', stance: 'reported', quote: 'On July 31, Khrenin signed a memorandum of understanding with Iranian Defense Minister Mohammed Reza Ashtiani.'};

MATCH (a:State {id: 'state:belarus'}), (b:Agreement {id: 'agreement:belarus-iran-defense-mou-2023'})
MERGE (a)-[r:PARTY_TO {sourceId: 'source:iran-belarus-defense-2023'}]->(b)
SET r += {date: date('2023-07-31'), stance: 'reported', quote: 'On July 31, Khrenin signed a memorandum of understanding with Iranian Defense Minister Mohammed Reza Ashtiani.'};

MATCH (a:State {id: 'state:iran'}), (b:Agreement {id: 'agreement:belarus-iran-defense-mou-2023'})
MERGE (a)-[r:PARTY_TO {sourceId: 'source:iran-belarus-defense-2023'}]->(b)
SET r += {date: date('2023-07-31'), stance: 'reported', quote: 'On July 31, Khrenin signed a memorandum of understanding with Iranian Defense Minister Mohammed Reza Ashtiani.'};

MATCH (a:Person {id: 'person:viktor-khrenin'}), (b:Event {id: 'event:mou-signing-2023-07-31'})
MERGE (a)-[r:PARTICIPATED_IN {sourceId: 'source:iran-belarus-defense-2023'}]->(b)
SET r += {role: 'signatory', date: date('2023-07-31'), stance: 'reported', quote: 'On July 31, Khrenin signed a memorandum of understanding with Iranian Defense Minister Mohammed Reza Ashtiani.'};

MATCH (a:Person {id: 'person:mohammad-reza-ashtiani'}), (b:Event {id: 'event:mou-signing-2023-07-31'})
MERGE (a)-[r:PARTICIPATED_IN {sourceId: 'source:iran-belarus-defense-2023'}]->(b)
SET r += {role: 'signatory', date: date('2023-07-31'), stance: 'reported', quote: 'On July 31, Khrenin signed a memorandum of understanding with Iranian Defense Minister Mohammed Reza Ashtiani.'};

MATCH (a:Event {id: 'event:mou-signing-2023-07-31'}), (b:Agreement {id: 'agreement:belarus-iran-defense-mou-2023'})
MERGE (a)-[r:PRODUCED {sourceId: 'source:iran-belarus-defense-2023'}]->(b)
SET r += {date: date('2023-07-31'), stance: 'reported', quote: 'On July 31, Khrenin signed a memorandum of understanding with Iranian Defense Minister Mohammed Reza Ashtiani.'};

MATCH (a:Event {id: 'event:mou-signing-2023-07-31'}), (b:Event {id: 'event:khrenin-visit-tehran-2023'})
MERGE (a)-[r:PART_OF {sourceId: 'source:iran-belarus-defense-2023'}]->(b)
SET r += {basis: 'signed during the week of the visit', stance: 'reported', quote: 'On July 31, Khrenin signed a memorandum of understanding with Iranian Defense Minister Mohammed Reza Ashtiani.'};

// The claim about the memorandum, made by the Critical Threats Project.

MATCH (a:Organisation {id: 'org:critical-threats-project'}), (b:State {id: 'state:united-states'})
MERGE (a)-[r:BASED_IN {sourceId: 'source:iran-belarus-defense-2023'}]->(b)
SET r += {stance: 'reported', quote: 'But Critical Threats Project, an American research institute, claimed the memorandum may have been about constructing Shahed “suicide drone” factories in Belarus.'};

MATCH (a:Organisation {id: 'org:critical-threats-project'}), (b:Agreement {id: 'agreement:belarus-iran-defense-mou-2023'})
MERGE (a)-[r:MADE_CLAIM_ABOUT {sourceId: 'source:iran-belarus-defense-2023'}]->(b)
SET r += {claim: 'the memorandum may have been about constructing Shahed suicide drone factories in Belarus', stance: 'reported', quote: 'But Critical Threats Project, an American research institute, claimed the memorandum may have been about constructing Shahed “suicide drone” factories in Belarus.'};

MATCH (a:Agreement {id: 'agreement:belarus-iran-defense-mou-2023'}), (b:Weapon {id: 'weapon:shahed-drone'})
MERGE (a)-[r:MAY_CONCERN {sourceId: 'source:iran-belarus-defense-2023'}]->(b)
SET r += {subject: 'constructing Shahed suicide drone factories in Belarus', claimedBy: 'org:critical-threats-project', stance: 'claim', quote: 'But Critical Threats Project, an American research institute, claimed the memorandum may have been about constructing Shahed “suicide drone” factories in Belarus.'};

MATCH (a:Weapon {id: 'weapon:shahed-drone'}), (b:State {id: 'state:belarus'})
MERGE (a)-[r:MAY_BE_BUILT_IN {sourceId: 'source:iran-belarus-defense-2023'}]->(b)
SET r += {facility: 'factories', under: 'agreement:belarus-iran-defense-mou-2023', claimedBy: 'org:critical-threats-project', stance: 'claim', quote: 'But Critical Threats Project, an American research institute, claimed the memorandum may have been about constructing Shahed “suicide drone” factories in Belarus.'};

// The Shahed drone in the war.

MATCH (a:State {id: 'state:iran'}), (b:Weapon {id: 'weapon:shahed-drone'})
MERGE (a)-[r:PRODUCES {sourceId: 'source:iran-belarus-defense-2023'}]->(b)
SET r += {stance: 'reported', quote: 'Russia has been relying on Iran’s Shahed drone in its war against Ukraine.'};

MATCH (a:State {id: 'state:iran'}), (b:State {id: 'state:russia'})
MERGE (a)-[r:SUPPLIES {sourceId: 'source:iran-belarus-defense-2023'}]->(b)
SET r += {item: 'Shahed drones', weaponId: 'weapon:shahed-drone', context: 'Ukraine war', stance: 'reported', quote: 'Russia has been relying on Iran’s Shahed drone in its war against Ukraine.'};

MATCH (a:State {id: 'state:russia'}), (b:Weapon {id: 'weapon:shahed-drone'})
MERGE (a)-[r:RELIES_ON {sourceId: 'source:iran-belarus-defense-2023'}]->(b)
SET r += {context: 'Ukraine war', stance: 'reported', quote: 'Russia has been relying on Iran’s Shahed drone in its war against Ukraine.'};

MATCH (a:State {id: 'state:russia'}), (b:Conflict {id: 'conflict:ukraine-war'})
MERGE (a)-[r:FIGHTS_IN {sourceId: 'source:iran-belarus-defense-2023'}]->(b)
SET r += {side: 'aggressor', stance: 'reported', quote: 'Russia has been relying on Iran’s Shahed drone in its war against Ukraine.'};

MATCH (a:State {id: 'state:ukraine'}), (b:Conflict {id: 'conflict:ukraine-war'})
MERGE (a)-[r:FIGHTS_IN {sourceId: 'source:iran-belarus-defense-2023'}]->(b)
SET r += {side: 'defender', stance: 'reported', quote: 'Russia has been relying on Iran’s Shahed drone in its war against Ukraine.'};

// 1 August: the meeting with Bagheri.

MATCH (a:Person {id: 'person:mohammad-bagheri'}), (b:Organisation {id: 'org:iran-armed-forces-general-staff'})
MERGE (a)-[r:HOLDS_OFFICE {sourceId: 'source:iran-belarus-defense-2023'}]->(b)
SET r += {role: 'Chief of the General Staff', stance: 'reported', quote: 'On August 1, Khrenin and Iran’s Armed Forces General Chief of Staff Mohammed Bagheri spoke about conducting joint military exercises.'};

MATCH (a:Organisation {id: 'org:iran-armed-forces-general-staff'}), (b:State {id: 'state:iran'})
MERGE (a)-[r:PART_OF {sourceId: 'source:iran-belarus-defense-2023'}]->(b)
SET r += {stance: 'reported', quote: 'On August 1, Khrenin and Iran’s Armed Forces General Chief of Staff Mohammed Bagheri spoke about conducting joint military exercises.'};

MATCH (a:Person {id: 'person:viktor-khrenin'}), (b:Event {id: 'event:khrenin-bagheri-meeting-2023-08-01'})
MERGE (a)-[r:PARTICIPATED_IN {sourceId: 'source:iran-belarus-defense-2023'}]->(b)
SET r += {date: date('2023-08-01'), stance: 'reported', quote: 'On August 1, Khrenin and Iran’s Armed Forces General Chief of Staff Mohammed Bagheri spoke about conducting joint military exercises.'};

MATCH (a:Person {id: 'person:mohammad-bagheri'}), (b:Event {id: 'event:khrenin-bagheri-meeting-2023-08-01'})
MERGE (a)-[r:PARTICIPATED_IN {sourceId: 'source:iran-belarus-defense-2023'}]->(b)
SET r += {date: date('2023-08-01'), stance: 'reported', quote: 'On August 1, Khrenin and Iran’s Armed Forces General Chief of Staff Mohammed Bagheri spoke about conducting joint military exercises.'};

MATCH (a:Event {id: 'event:khrenin-bagheri-meeting-2023-08-01'}), (b:Event {id: 'event:khrenin-visit-tehran-2023'})
MERGE (a)-[r:PART_OF {sourceId: 'source:iran-belarus-defense-2023'}]->(b)
SET r += {basis: 'held during the week of the visit', stance: 'reported', quote: 'On August 1, Khrenin and Iran’s Armed Forces General Chief of Staff Mohammed Bagheri spoke about conducting joint military exercises.'};

MATCH (a:Event {id: 'event:khrenin-bagheri-meeting-2023-08-01'}), (b:Topic {id: 'topic:belarus-iran-joint-military-exercises'})
MERGE (a)-[r:DISCUSSED {sourceId: 'source:iran-belarus-defense-2023'}]->(b)
SET r += {date: date('2023-08-01'), stance: 'reported', quote: 'On August 1, Khrenin and Iran’s Armed Forces General Chief of Staff Mohammed Bagheri spoke about conducting joint military exercises.'};

MATCH (a:Event {id: 'event:khrenin-bagheri-meeting-2023-08-01'}), (b:Topic {id: 'topic:belarus-iran-military-attaches'})
MERGE (a)-[r:DISCUSSED {sourceId: 'source:iran-belarus-defense-2023'}]->(b)
SET r += {date: date('2023-08-01'), stance: 'reported', quote: 'They also discussed establishing military attachés and establishing a Belarus-Iran military cooperation commission.'};

MATCH (a:Event {id: 'event:khrenin-bagheri-meeting-2023-08-01'}), (b:Organisation {id: 'org:belarus-iran-military-cooperation-commission'})
MERGE (a)-[r:DISCUSSED {sourceId: 'source:iran-belarus-defense-2023'}]->(b)
SET r += {date: date('2023-08-01'), outcome: 'proposed, not yet formed', stance: 'reported', quote: 'They also discussed establishing military attachés and establishing a Belarus-Iran military cooperation commission.'};

MATCH (a:State {id: 'state:belarus'}), (b:Organisation {id: 'org:belarus-iran-military-cooperation-commission'})
MERGE (a)-[r:PROPOSED_MEMBER_OF {sourceId: 'source:iran-belarus-defense-2023'}]->(b)
SET r += {status: 'proposed', date: date('2023-08-01'), stance: 'reported', quote: 'They also discussed establishing military attachés and establishing a Belarus-Iran military cooperation commission.'};

MATCH (a:State {id: 'state:iran'}), (b:Organisation {id: 'org:belarus-iran-military-cooperation-commission'})
MERGE (a)-[r:PROPOSED_MEMBER_OF {sourceId: 'source:iran-belarus-defense-2023'}]->(b)
SET r += {status: 'proposed', date: date('2023-08-01'), stance: 'reported', quote: 'They also discussed establishing military attachés and establishing a Belarus-Iran military cooperation commission.'};

// Paragraph 2: the backers, the satellite, the invasion.

MATCH (a:State {id: 'state:iran'}), (b:State {id: 'state:russia'})
MERGE (a)-[r:BACKS {sourceId: 'source:iran-belarus-defense-2023'}]->(b)
SET r += {context: 'Ukraine war', conflictId: 'conflict:ukraine-war', role: 'one of the principal backers', stance: 'reported', quote: 'Iran has become one of Russia’s principal backers in the Ukraine War.'};

MATCH (a:State {id: 'state:belarus'}), (b:State {id: 'state:russia'})
MERGE (a)-[r:SATELLITE_OF {sourceId: 'source:iran-belarus-defense-2023'}]->(b)
SET r += {characterisation: 'little more than a Russian satellite state', stance: 'opinion', quote: 'Belarus, under President Alexander Lukashenko, has become little more than a Russian satellite state.'};

MATCH (a:Person {id: 'person:alexander-lukashenko'}), (b:State {id: 'state:belarus'})
MERGE (a)-[r:LEADS {sourceId: 'source:iran-belarus-defense-2023'}]->(b)
SET r += {role: 'President', stance: 'reported', quote: 'Belarus, under President Alexander Lukashenko, has become little more than a Russian satellite state.'};

MATCH (a:Person {id: 'person:vladimir-putin'}), (b:State {id: 'state:russia'})
MERGE (a)-[r:LEADS {sourceId: 'source:iran-belarus-defense-2023'}]->(b)
SET r += {role: 'President', stance: 'reported', quote: 'Russian President Vladimir Putin used Belarus as a launch pad for his invasion of Ukraine last year.'};

MATCH (a:State {id: 'state:russia'}), (b:State {id: 'state:ukraine'})
MERGE (a)-[r:INVADED {sourceId: 'source:iran-belarus-defense-2023'}]->(b)
SET r += {year: 2022, yearInferred: true, launchedFrom: 'state:belarus', orderedBy: 'person:vladimir-putin', conflictId: 'conflict:ukraine-war', stance: 'reported', quote: 'Russian President Vladimir Putin used Belarus as a launch pad for his invasion of Ukraine last year.'};

MATCH (a:Person {id: 'person:vladimir-putin'}), (b:State {id: 'state:belarus'})
MERGE (a)-[r:USED_AS_LAUNCH_PAD {sourceId: 'source:iran-belarus-defense-2023'}]->(b)
SET r += {purpose: 'invasion of Ukraine', year: 2022, yearInferred: true, stance: 'reported', quote: 'Russian President Vladimir Putin used Belarus as a launch pad for his invasion of Ukraine last year.'};

// Paragraph 3: geography.

MATCH (a:State {id: 'state:belarus'}), (b:State {id: 'state:iran'})
MERGE (a)-[r:GROWING_CLOSER_TO {sourceId: 'source:iran-belarus-defense-2023'}]->(b)
SET r += {stance: 'opinion', quote: 'It may not be that surprising for Iran and Belarus to grow closer.'};

MATCH (a:State {id: 'state:belarus'}), (b:Organisation {id: 'org:european-union'})
MERGE (a)-[r:NEAR {sourceId: 'source:iran-belarus-defense-2023'}]->(b)
SET r += {comparison: 'much closer to European Union member states than most of Russian territory', stance: 'reported', quote: 'Belarus geographically is much closer to European Union member states than most of Russian territory.'};

MATCH (a:State {id: 'state:germany'}), (b:Organisation {id: 'org:european-union'})
MERGE (a)-[r:MEMBER_OF {sourceId: 'source:iran-belarus-defense-2023'}]->(b)
SET r += {basis: 'named among the nearby European Union member states', stance: 'reported', quote: 'Belarus geographically is much closer to European Union member states than most of Russian territory.'};

MATCH (a:State {id: 'state:poland'}), (b:Organisation {id: 'org:european-union'})
MERGE (a)-[r:MEMBER_OF {sourceId: 'source:iran-belarus-defense-2023'}]->(b)
SET r += {basis: 'named among the nearby European Union member states', stance: 'reported', quote: 'Belarus geographically is much closer to European Union member states than most of Russian territory.'};

MATCH (a:Place {id: 'place:berlin'}), (b:State {id: 'state:germany'})
MERGE (a)-[r:LOCATED_IN {sourceId: 'source:iran-belarus-defense-2023'}]->(b)
SET r += {stance: 'reported', quote: 'Berlin, Germany, is less than 450 miles from Belarussian territory.'};

MATCH (a:Place {id: 'place:berlin'}), (b:State {id: 'state:belarus'})
MERGE (a)-[r:NEAR {sourceId: 'source:iran-belarus-defense-2023'}]->(b)
SET r += {distanceMilesLessThan: 450, measuredTo: 'Belarusian territory', stance: 'reported', quote: 'Berlin, Germany, is less than 450 miles from Belarussian territory.'};

MATCH (a:Place {id: 'place:warsaw'}), (b:State {id: 'state:poland'})
MERGE (a)-[r:LOCATED_IN {sourceId: 'source:iran-belarus-defense-2023'}]->(b)
SET r += {stance: 'reported', quote: 'Warsaw, Poland, is a three-hour drive from the Belarussian border.'};

MATCH (a:Place {id: 'place:warsaw'}), (b:State {id: 'state:belarus'})
MERGE (a)-[r:NEAR {sourceId: 'source:iran-belarus-defense-2023'}]->(b)
SET r += {driveHours: 3, measuredTo: 'the Belarusian border', stance: 'reported', quote: 'Warsaw, Poland, is a three-hour drive from the Belarussian border.'};

// Borders. Belarus–Poland is stated (the "Belarussian border" Warsaw is near); the borders
// with Ukraine and Russia are implied by the invasion launched from Belarus and by the
// comparison with "Russian territory".
MATCH (a:State {id: 'state:belarus'}), (b:State {id: 'state:poland'})
MERGE (a)-[r:BORDERS {sourceId: 'source:iran-belarus-defense-2023'}]->(b)
SET r += {warsawDriveHoursFromBorder: 3, stance: 'reported', quote: 'Warsaw, Poland, is a three-hour drive from the Belarussian border.'};

MATCH (a:State {id: 'state:belarus'}), (b:State {id: 'state:ukraine'})
MERGE (a)-[r:BORDERS {sourceId: 'source:iran-belarus-defense-2023'}]->(b)
SET r += {basis: 'implied: Belarus was the launch pad for the invasion of Ukraine', stance: 'reported', quote: 'Russian President Vladimir Putin used Belarus as a launch pad for his invasion of Ukraine last year.'};

MATCH (a:State {id: 'state:belarus'}), (b:State {id: 'state:russia'})
MERGE (a)-[r:BORDERS {sourceId: 'source:iran-belarus-defense-2023'}]->(b)
SET r += {basis: 'implied: Belarus is compared with the rest of Russian territory', stance: 'reported', quote: 'Belarus geographically is much closer to European Union member states than most of Russian territory.'};

// Paragraph 4: what Iran could do (the author's opinions and speculation).

MATCH (s:Source {id: 'source:iran-belarus-defense-2023'}), (b:State {id: 'state:iran'})
MERGE (s)-[r:CHARACTERISES {as: 'the world’s biggest state sponsor of terrorism', sourceId: 'source:iran-belarus-defense-2023'}]->(b)
SET r += {stance: 'opinion', quote: 'Iran is the world’s biggest state sponsor of terrorism.'};

MATCH (a:State {id: 'state:iran'}), (b:Place {id: 'place:europe'})
MERGE (a)-[r:IMPLICATED_IN_TERROR_ATTACKS_IN {sourceId: 'source:iran-belarus-defense-2023'}]->(b)
SET r += {what: 'attempting (or even carrying out) terror attacks', frequency: 'all the time', stance: 'opinion', quote: 'Iran gets implicated for attempting (or even carrying out) terror attacks in Europe all the time.'};

MATCH (a:State {id: 'state:belarus'}), (b:State {id: 'state:iran'})
MERGE (a)-[r:COULD_BE_CONDUIT_FOR {sourceId: 'source:iran-belarus-defense-2023'}]->(b)
SET r += {stance: 'speculation', quote: 'But Belarus could be a conduit for Iran to accomplish more than just convincing an individual over the Internet to assault a synagogue.'};

MATCH (a:State {id: 'state:belarus'}), (b:State {id: 'state:iran'})
MERGE (a)-[r:COULD_HOST {sourceId: 'source:iran-belarus-defense-2023'}]->(b)
SET r += {as: 'a launch pad for Iran’s military', means: ['smuggling intelligence agents across the border', 'setting up spying stations', 'eventually hosting military bases'], stance: 'speculation', quote: 'Belarus could become a launch pad for Iran’s military—whether through smuggling intelligence agents across the border, setting up spying stations, or even eventually hosting military bases.'};

// Paragraph 5: how far Iran will push.

MATCH (s:Source {id: 'source:iran-belarus-defense-2023'}), (b:State {id: 'state:iran'})
MERGE (s)-[r:CHARACTERISES {as: 'a dangerous pariah state', sourceId: 'source:iran-belarus-defense-2023'}]->(b)
SET r += {stance: 'opinion', quote: 'Iran is a dangerous pariah state.'};

MATCH (a:State {id: 'state:iran'}), (b:Place {id: 'place:europe'})
MERGE (a)-[r:COULD_ATTACK {sourceId: 'source:iran-belarus-defense-2023'}]->(b)
SET r += {via: 'the crisis on Europe’s eastern fringe', conflictId: 'conflict:ukraine-war', stance: 'opinion', quote: 'More and more, the crisis on Europe’s eastern fringe is becoming a conduit for Iran to attack Europe.'};

MATCH (a:State {id: 'state:iran'}), (b:Place {id: 'place:europe'})
MERGE (a)-[r:RIVALRY_FORECAST {sourceId: 'source:iran-belarus-defense-2023'}]->(b)
SET r += {outcome: 'archrivals', stance: 'forecast', quote: 'We can expect Iran-Europe relations to deteriorate to the point where they become archrivals.'};

// The pointer at the end.

MATCH (a:Source {id: 'source:iran-belarus-defense-2023'}), (b:Source {id: 'source:an-alliance-of-evil'})
MERGE (a)-[r:CITES {sourceId: 'source:iran-belarus-defense-2023'}]->(b)
SET r += {as: 'Learn more', stance: 'reported', quote: 'Learn more: Read “An Alliance of Evil.”'};
