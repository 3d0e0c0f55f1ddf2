// An analyst note on the Belarus–Iran defence memorandum of 31 July 2023, written by us in our
// own words (sources/analyst-note-belarus-iran-2023.txt). Every sentence paraphrases a public
// report; each relationship says which one (citedOutlet, citedDate, citedUrl). It corroborates
// what 10-iran-belarus-defense.cypher takes from the article, adds what the article does not say
// (the 2023 cooperation plan, the ministries, the Gomel Radio Plant), and records denials.
//
// Relationships are keyed on their source (see cypher/README.md), so the article's evidence on
// the same relationships stays as it is. Where one note carries two parties' words on the same
// relationship (a claim and its denial), the key also names the party: {sourceId, claimedBy}.

MERGE (s:Source {id: 'source:analyst-note-belarus-iran-2023'})
SET s += {
  title: 'Analyst note: the Belarus–Iran defence memorandum, from public reporting',
  kind: 'analyst note',
  author: 'Entente analysts',
  year: 2023,
  followsUp: 'source:iran-belarus-defense-2023',
  textFile: 'sources/analyst-note-belarus-iran-2023.txt'
};

// ---------------------------------------------------------------- the reports it paraphrases

UNWIND [
  {id: 'source:mehr-news-agency-2023-07-31', ref: 1, title: 'Iran, Belarus ink MOU on defense cooperation', outlet: 'Mehr News Agency', date: date('2023-07-31'), url: 'https://en.mehrnews.com/news/204012/Iran-Belarus-ink-MOU-on-defense-cooperation', quote: '[1] Mehr News Agency, 31 July 2023, https://en.mehrnews.com/news/204012/Iran-Belarus-ink-MOU-on-defense-cooperation'},
  {id: 'source:urdupoint-news-sputnik-2023-08-02', ref: 2, title: 'Belarus, Iran agree to develop defense cooperation', outlet: 'UrduPoint News / Sputnik', date: date('2023-08-02'), url: 'https://www.urdupoint.com/en/world/belarus-iran-agree-to-develop-defense-cooper-1732670.html', quote: '[2] UrduPoint News / Sputnik, 2 August 2023, https://www.urdupoint.com/en/world/belarus-iran-agree-to-develop-defense-cooper-1732670.html'},
  {id: 'source:the-cradle-2023-08-02', ref: 3, title: 'Iran inks defense deal with Russia ally Belarus', outlet: 'The Cradle', date: date('2023-08-02'), url: 'https://english.10mehr.com/iran-inks-defense-deal-with-russia-ally-belarus/', quote: '[3] The Cradle (republished by 10mehr), 2 August 2023, https://english.10mehr.com/iran-inks-defense-deal-with-russia-ally-belarus/'},
  {id: 'source:bne-intellinews-2023-08-01', ref: 4, title: 'Iran, Belarus sign defence memorandum in Tehran', outlet: 'bne IntelliNews', date: date('2023-08-01'), url: 'https://intellinews.com/iran-belarus-sign-defence-memorandum-in-tehran-286258', quote: '[4] bne IntelliNews, 1 August 2023, https://intellinews.com/iran-belarus-sign-defence-memorandum-in-tehran-286258'},
  {id: 'source:interfax-ukraine-2023-08-02', ref: 5, title: 'ISW: Iran pursuing drone factories in Belarus and Russia', outlet: 'Interfax-Ukraine', date: date('2023-08-02'), url: 'https://en.interfax.com.ua/news/general/926589.html', quote: '[5] Interfax-Ukraine, 2 August 2023, on the Institute for the Study of War’s update of 1 August, https://en.interfax.com.ua/news/general/926589.html'},
  {id: 'source:ukrainska-pravda-2023-05-08', ref: 6, title: 'Russia hopes to manufacture Shahed drones in Belarus', outlet: 'Ukrainska Pravda', date: date('2023-05-08'), url: 'https://www.pravda.com.ua/eng/news/2023/05/8/7401248/', quote: '[6] Ukrainska Pravda, 8 May 2023, https://www.pravda.com.ua/eng/news/2023/05/8/7401248/'},
  {id: 'source:dpa-afx-2023-07-31', ref: 7, title: 'Iran und Belarus unterzeichnen Rüstungsabkommen', outlet: 'dpa-AFX', date: date('2023-07-31'), url: 'https://www.finanznachrichten.de/nachrichten-2023-07/59715613-iran-und-belarus-unterzeichnen-ruestungsabkommen-016.htm', quote: '[7] dpa-AFX via finanznachrichten.de, 31 July 2023, https://www.finanznachrichten.de/nachrichten-2023-07/59715613-iran-und-belarus-unterzeichnen-ruestungsabkommen-016.htm'},
  {id: 'source:reuters-2023-08-23', ref: 8, title: 'Russia, Iran defense officials discuss military cooperation: Moscow', outlet: 'Reuters', date: date('2023-08-23'), url: 'https://english.alarabiya.net/News/world/2023/08/23/Russia-Iran-defense-officials-discuss-military-cooperation-Moscow', quote: '[8] Reuters via Al Arabiya, 23 August 2023, https://english.alarabiya.net/News/world/2023/08/23/Russia-Iran-defense-officials-discuss-military-cooperation-Moscow'},
  {id: 'source:the-daily-beast-2023-06-09', ref: 9, title: 'Iran is helping Russia build a drone factory, White House says', outlet: 'The Daily Beast', date: date('2023-06-09'), url: 'https://www.thedailybeast.com/iran-is-helping-russia-build-a-drone-factory-white-house-says', quote: '[9] The Daily Beast, 9 June 2023, https://www.thedailybeast.com/iran-is-helping-russia-build-a-drone-factory-white-house-says'},
  {id: 'source:xinhua-2023-06-13', ref: 10, title: 'Iran rejects U.S. claim of helping Russia build drone plant', outlet: 'Xinhua', date: date('2023-06-13'), url: 'http://en.people.cn/n3/2023/0613/c90000-20030910.html', quote: '[10] Xinhua via People’s Daily Online, 13 June 2023, http://en.people.cn/n3/2023/0613/c90000-20030910.html'}
] AS row
MERGE (r:Source {id: row.id})
SET r += {title: row.title, outlet: row.outlet, date: row.date, url: row.url, kind: 'news report'}
WITH r, row
MATCH (note:Source {id: 'source:analyst-note-belarus-iran-2023'})
MERGE (note)-[c:CITES {sourceId: 'source:analyst-note-belarus-iran-2023'}]->(r)
SET c += {ref: row.ref, stance: 'reported', quote: row.quote};

// ---------------------------------------------------------------- what the article does not have

MERGE (o:Organisation {id: 'org:belarus-ministry-of-defence'})
SET o += {name: 'Ministry of Defence of Belarus', kind: 'government ministry', aliases: ['Belarusian Ministry of Defence', 'Belarusian defence ministry', 'Міністэрства абароны Рэспублікі Беларусь', 'Министерство обороны Республики Беларусь', 'Минобороны Беларуси']};

MERGE (o:Organisation {id: 'org:institute-for-the-study-of-war'})
SET o += {name: 'Institute for the Study of War', kind: 'research institute', description: 'An American research institute; publishes the daily Iran Update with the Critical Threats Project', aliases: ['ISW', 'Институт изучения войны', 'Інститут вивчення війни']};

MERGE (o:Organisation {id: 'org:ukraine-national-resistance-center'})
SET o += {name: 'National Resistance Center of Ukraine', kind: 'government agency', description: 'A body of Ukraine’s Special Operations Forces', aliases: ['National Resistance Center', 'Center for National Resistance', 'Центр національного спротиву', 'Центр национального сопротивления', 'ЦНС']};

MERGE (p:Person {id: 'person:nasser-kanaani'})
SET p += {name: 'Nasser Kanaani', description: 'Spokesman of Iran’s foreign ministry', aliases: ['Nasser Kanani', 'Naser Kanaani', 'Kanaani', 'ناصر کنعانی', 'کنعانی', 'Насер Канани']};

MERGE (a:Agreement {id: 'agreement:belarus-iran-military-cooperation-plan-2023'})
SET a += {name: 'Belarus–Iran military cooperation plan for 2023', kind: 'cooperation plan', date: date('2023-07-31'), status: 'adopted', details: 'not published', aliases: ['Belarus-Iran military cooperation plan 2023', 'plan of bilateral military cooperation', 'План двустороннего военного сотрудничества']};

MERGE (t:Topic {id: 'topic:belarus-iran-training-and-use-of-forces'})
SET t += {name: 'Training and use of the Belarusian and Iranian armed forces', status: 'discussed', aliases: ['training and use of armed forces', 'подготовка и применение вооружённых сил']};

MERGE (p:Place {id: 'place:gomel-radio-plant'})
SET p += {name: 'Gomel Radio Plant', kind: 'factory', aliases: ['Gomel radio factory', 'Homel Radio Plant', 'Гомельский радиозавод', 'Гомельскі радыёзавод']};

// ================================================================ relationships

// The visit and the memorandum (corroborating the article).

MATCH (a:Person {id: 'person:viktor-khrenin'}), (b:State {id: 'state:belarus'})
MERGE (a)-[r:HOLDS_OFFICE {sourceId: 'source:analyst-note-belarus-iran-2023'}]->(b)
SET r += {role: 'Minister of Defence', stance: 'reported', quote: 'Belarus’s defence minister, Viktor Khrenin, arrived in Iran on Monday 31 July 2023 for an official visit.', citedSourceId: 'source:urdupoint-news-sputnik-2023-08-02', citedOutlet: 'UrduPoint News / Sputnik', citedDate: date('2023-08-02'), citedUrl: 'https://www.urdupoint.com/en/world/belarus-iran-agree-to-develop-defense-cooper-1732670.html'};

MATCH (a:Person {id: 'person:viktor-khrenin'}), (b:Place {id: 'place:tehran'})
MERGE (a)-[r:VISITED {sourceId: 'source:analyst-note-belarus-iran-2023'}]->(b)
SET r += {date: date('2023-07-31'), kind: 'official visit', stance: 'reported', quote: 'Belarus’s defence minister, Viktor Khrenin, arrived in Iran on Monday 31 July 2023 for an official visit.', citedSourceId: 'source:urdupoint-news-sputnik-2023-08-02', citedOutlet: 'UrduPoint News / Sputnik', citedDate: date('2023-08-02'), citedUrl: 'https://www.urdupoint.com/en/world/belarus-iran-agree-to-develop-defense-cooper-1732670.html'};

MATCH (a:Person {id: 'person:viktor-khrenin'}), (b:Event {id: 'event:khrenin-visit-tehran-2023'})
MERGE (a)-[r:PARTICIPATED_IN {sourceId: 'source:analyst-note-belarus-iran-2023'}]->(b)
SET r += {role: 'visitor', date: date('2023-07-31'), stance: 'reported', quote: 'Belarus’s defence minister, Viktor Khrenin, arrived in Iran on Monday 31 July 2023 for an official visit.', citedSourceId: 'source:urdupoint-news-sputnik-2023-08-02', citedOutlet: 'UrduPoint News / Sputnik', citedDate: date('2023-08-02'), citedUrl: 'https://www.urdupoint.com/en/world/belarus-iran-agree-to-develop-defense-cooper-1732670.html'};

MATCH (a:Person {id: 'person:viktor-khrenin'}), (b:Agreement {id: 'agreement:belarus-iran-defense-mou-2023'})
MERGE (a)-[r:SIGNED {sourceId: 'source:analyst-note-belarus-iran-2023'}]->(b)
SET r += {date: date('2023-07-31'), onBehalfOf: 'state:belarus', stance: 'reported', quote: 'The same day in Tehran he and his Iranian counterpart, Mohammad Reza Ashtiani, put their names to a memorandum of understanding on defence cooperation.', citedSourceId: 'source:mehr-news-agency-2023-07-31', citedOutlet: 'Mehr News Agency', citedDate: date('2023-07-31'), citedUrl: 'https://en.mehrnews.com/news/204012/Iran-Belarus-ink-MOU-on-defense-cooperation'};

MATCH (a:Person {id: 'person:mohammad-reza-ashtiani'}), (b:Agreement {id: 'agreement:belarus-iran-defense-mou-2023'})
MERGE (a)-[r:SIGNED {sourceId: 'source:analyst-note-belarus-iran-2023'}]->(b)
SET r += {date: date('2023-07-31'), onBehalfOf: 'state:iran', stance: 'reported', quote: 'The same day in Tehran he and his Iranian counterpart, Mohammad Reza Ashtiani, put their names to a memorandum of understanding on defence cooperation.', citedSourceId: 'source:mehr-news-agency-2023-07-31', citedOutlet: 'Mehr News Agency', citedDate: date('2023-07-31'), citedUrl: 'https://en.mehrnews.com/news/204012/Iran-Belarus-ink-MOU-on-defense-cooperation'};

MATCH (a:State {id: 'state:belarus'}), (b:State {id: 'state:iran'})
MERGE (a)-[r:DEEPENS_DEFENSE_TIES_WITH {sourceId: 'source:analyst-note-belarus-iran-2023'}]->(b)
SET r += {year: 2023, stance: 'reported', quote: 'The same day in Tehran he and his Iranian counterpart, Mohammad Reza Ashtiani, put their names to a memorandum of understanding on defence cooperation.', citedSourceId: 'source:mehr-news-agency-2023-07-31', citedOutlet: 'Mehr News Agency', citedDate: date('2023-07-31'), citedUrl: 'https://en.mehrnews.com/news/204012/Iran-Belarus-ink-MOU-on-defense-cooperation'};

MATCH (a:State {id: 'state:belarus'}), (b:Agreement {id: 'agreement:belarus-iran-defense-mou-2023'})
MERGE (a)-[r:PARTY_TO {sourceId: 'source:analyst-note-belarus-iran-2023'}]->(b)
SET r += {date: date('2023-07-31'), stance: 'reported', quote: 'Iran’s media reported the signing and Belarus’s defence ministry confirmed it online.', citedSourceId: 'source:the-cradle-2023-08-02', citedOutlet: 'The Cradle', citedDate: date('2023-08-02'), citedUrl: 'https://english.10mehr.com/iran-inks-defense-deal-with-russia-ally-belarus/'};

MATCH (a:State {id: 'state:iran'}), (b:Agreement {id: 'agreement:belarus-iran-defense-mou-2023'})
MERGE (a)-[r:PARTY_TO {sourceId: 'source:analyst-note-belarus-iran-2023'}]->(b)
SET r += {date: date('2023-07-31'), stance: 'reported', quote: 'Iran’s media reported the signing and Belarus’s defence ministry confirmed it online.', citedSourceId: 'source:the-cradle-2023-08-02', citedOutlet: 'The Cradle', citedDate: date('2023-08-02'), citedUrl: 'https://english.10mehr.com/iran-inks-defense-deal-with-russia-ally-belarus/'};

// Who the memorandum binds, and the plan signed with it (not in the article).

MATCH (a:Organisation {id: 'org:belarus-ministry-of-defence'}), (b:Agreement {id: 'agreement:belarus-iran-defense-mou-2023'})
MERGE (a)-[r:PARTY_TO {sourceId: 'source:analyst-note-belarus-iran-2023'}]->(b)
SET r += {date: date('2023-07-31'), stance: 'reported', quote: 'The memorandum is between the Belarusian defence ministry and Iran’s Ministry of Defence and Armed Forces Logistics.', citedSourceId: 'source:bne-intellinews-2023-08-01', citedOutlet: 'bne IntelliNews', citedDate: date('2023-08-01'), citedUrl: 'https://intellinews.com/iran-belarus-sign-defence-memorandum-in-tehran-286258'};

MATCH (a:Organisation {id: 'org:iran-modafl'}), (b:Agreement {id: 'agreement:belarus-iran-defense-mou-2023'})
MERGE (a)-[r:PARTY_TO {sourceId: 'source:analyst-note-belarus-iran-2023'}]->(b)
SET r += {date: date('2023-07-31'), stance: 'reported', quote: 'The memorandum is between the Belarusian defence ministry and Iran’s Ministry of Defence and Armed Forces Logistics.', citedSourceId: 'source:bne-intellinews-2023-08-01', citedOutlet: 'bne IntelliNews', citedDate: date('2023-08-01'), citedUrl: 'https://intellinews.com/iran-belarus-sign-defence-memorandum-in-tehran-286258'};

MATCH (a:Organisation {id: 'org:belarus-ministry-of-defence'}), (b:State {id: 'state:belarus'})
MERGE (a)-[r:PART_OF {sourceId: 'source:analyst-note-belarus-iran-2023'}]->(b)
SET r += {stance: 'reported', quote: 'The memorandum is between the Belarusian defence ministry and Iran’s Ministry of Defence and Armed Forces Logistics.', citedSourceId: 'source:bne-intellinews-2023-08-01', citedOutlet: 'bne IntelliNews', citedDate: date('2023-08-01'), citedUrl: 'https://intellinews.com/iran-belarus-sign-defence-memorandum-in-tehran-286258'};

MATCH (a:Person {id: 'person:viktor-khrenin'}), (b:Agreement {id: 'agreement:belarus-iran-military-cooperation-plan-2023'})
MERGE (a)-[r:SIGNED {sourceId: 'source:analyst-note-belarus-iran-2023'}]->(b)
SET r += {date: date('2023-07-31'), onBehalfOf: 'state:belarus', stance: 'reported', quote: 'Next to it the two ministers adopted a plan of bilateral military cooperation for 2023.', citedSourceId: 'source:urdupoint-news-sputnik-2023-08-02', citedOutlet: 'UrduPoint News / Sputnik', citedDate: date('2023-08-02'), citedUrl: 'https://www.urdupoint.com/en/world/belarus-iran-agree-to-develop-defense-cooper-1732670.html'};

MATCH (a:Person {id: 'person:mohammad-reza-ashtiani'}), (b:Agreement {id: 'agreement:belarus-iran-military-cooperation-plan-2023'})
MERGE (a)-[r:SIGNED {sourceId: 'source:analyst-note-belarus-iran-2023'}]->(b)
SET r += {date: date('2023-07-31'), onBehalfOf: 'state:iran', stance: 'reported', quote: 'Next to it the two ministers adopted a plan of bilateral military cooperation for 2023.', citedSourceId: 'source:urdupoint-news-sputnik-2023-08-02', citedOutlet: 'UrduPoint News / Sputnik', citedDate: date('2023-08-02'), citedUrl: 'https://www.urdupoint.com/en/world/belarus-iran-agree-to-develop-defense-cooper-1732670.html'};

MATCH (a:State {id: 'state:belarus'}), (b:Agreement {id: 'agreement:belarus-iran-military-cooperation-plan-2023'})
MERGE (a)-[r:PARTY_TO {sourceId: 'source:analyst-note-belarus-iran-2023'}]->(b)
SET r += {date: date('2023-07-31'), stance: 'reported', quote: 'Next to it the two ministers adopted a plan of bilateral military cooperation for 2023.', citedSourceId: 'source:urdupoint-news-sputnik-2023-08-02', citedOutlet: 'UrduPoint News / Sputnik', citedDate: date('2023-08-02'), citedUrl: 'https://www.urdupoint.com/en/world/belarus-iran-agree-to-develop-defense-cooper-1732670.html'};

MATCH (a:State {id: 'state:iran'}), (b:Agreement {id: 'agreement:belarus-iran-military-cooperation-plan-2023'})
MERGE (a)-[r:PARTY_TO {sourceId: 'source:analyst-note-belarus-iran-2023'}]->(b)
SET r += {date: date('2023-07-31'), stance: 'reported', quote: 'Next to it the two ministers adopted a plan of bilateral military cooperation for 2023.', citedSourceId: 'source:urdupoint-news-sputnik-2023-08-02', citedOutlet: 'UrduPoint News / Sputnik', citedDate: date('2023-08-02'), citedUrl: 'https://www.urdupoint.com/en/world/belarus-iran-agree-to-develop-defense-cooper-1732670.html'};

// 1 August: the meeting with Bagheri, and what the article does not say was discussed.

MATCH (a:Person {id: 'person:mohammad-bagheri'}), (b:Organisation {id: 'org:iran-armed-forces-general-staff'})
MERGE (a)-[r:HOLDS_OFFICE {sourceId: 'source:analyst-note-belarus-iran-2023'}]->(b)
SET r += {role: 'Chief of the General Staff', stance: 'reported', quote: 'On 1 August 2023 Khrenin sat down with Mohammad Bagheri, chief of Iran’s general staff, to go over how the two armed forces train and employ their troops and which steps should follow.', citedSourceId: 'source:urdupoint-news-sputnik-2023-08-02', citedOutlet: 'UrduPoint News / Sputnik', citedDate: date('2023-08-02'), citedUrl: 'https://www.urdupoint.com/en/world/belarus-iran-agree-to-develop-defense-cooper-1732670.html'};

MATCH (a:Person {id: 'person:viktor-khrenin'}), (b:Event {id: 'event:khrenin-bagheri-meeting-2023-08-01'})
MERGE (a)-[r:PARTICIPATED_IN {sourceId: 'source:analyst-note-belarus-iran-2023'}]->(b)
SET r += {date: date('2023-08-01'), stance: 'reported', quote: 'On 1 August 2023 Khrenin sat down with Mohammad Bagheri, chief of Iran’s general staff, to go over how the two armed forces train and employ their troops and which steps should follow.', citedSourceId: 'source:urdupoint-news-sputnik-2023-08-02', citedOutlet: 'UrduPoint News / Sputnik', citedDate: date('2023-08-02'), citedUrl: 'https://www.urdupoint.com/en/world/belarus-iran-agree-to-develop-defense-cooper-1732670.html'};

MATCH (a:Person {id: 'person:mohammad-bagheri'}), (b:Event {id: 'event:khrenin-bagheri-meeting-2023-08-01'})
MERGE (a)-[r:PARTICIPATED_IN {sourceId: 'source:analyst-note-belarus-iran-2023'}]->(b)
SET r += {date: date('2023-08-01'), stance: 'reported', quote: 'On 1 August 2023 Khrenin sat down with Mohammad Bagheri, chief of Iran’s general staff, to go over how the two armed forces train and employ their troops and which steps should follow.', citedSourceId: 'source:urdupoint-news-sputnik-2023-08-02', citedOutlet: 'UrduPoint News / Sputnik', citedDate: date('2023-08-02'), citedUrl: 'https://www.urdupoint.com/en/world/belarus-iran-agree-to-develop-defense-cooper-1732670.html'};

MATCH (a:Event {id: 'event:khrenin-bagheri-meeting-2023-08-01'}), (b:Topic {id: 'topic:belarus-iran-training-and-use-of-forces'})
MERGE (a)-[r:DISCUSSED {sourceId: 'source:analyst-note-belarus-iran-2023'}]->(b)
SET r += {date: date('2023-08-01'), stance: 'reported', quote: 'On 1 August 2023 Khrenin sat down with Mohammad Bagheri, chief of Iran’s general staff, to go over how the two armed forces train and employ their troops and which steps should follow.', citedSourceId: 'source:urdupoint-news-sputnik-2023-08-02', citedOutlet: 'UrduPoint News / Sputnik', citedDate: date('2023-08-02'), citedUrl: 'https://www.urdupoint.com/en/world/belarus-iran-agree-to-develop-defense-cooper-1732670.html'};

// Drone factories: the institute's assessment and an earlier Ukrainian claim.

MATCH (a:Agreement {id: 'agreement:belarus-iran-defense-mou-2023'}), (b:Weapon {id: 'weapon:shahed-drone'})
MERGE (a)-[r:MAY_CONCERN {sourceId: 'source:analyst-note-belarus-iran-2023'}]->(b)
SET r += {subject: 'Shahed drone factories in Belarus', claimedBy: 'org:institute-for-the-study-of-war', stance: 'claim', quote: 'In its daily Iran update the Institute for the Study of War judged that the two ministers may have talked about Shahed drone factories on Belarusian soil.', citedSourceId: 'source:interfax-ukraine-2023-08-02', citedOutlet: 'Interfax-Ukraine', citedDate: date('2023-08-02'), citedUrl: 'https://en.interfax.com.ua/news/general/926589.html'};

MATCH (a:Weapon {id: 'weapon:shahed-drone'}), (b:State {id: 'state:belarus'})
MERGE (a)-[r:MAY_BE_BUILT_IN {sourceId: 'source:analyst-note-belarus-iran-2023'}]->(b)
SET r += {facility: 'Gomel Radio Plant', claimedBy: 'org:ukraine-national-resistance-center', stance: 'claim', quote: 'Three months before the visit, on 8 May 2023, Ukraine’s National Resistance Center said that Iranian engineers had toured the Gomel Radio Plant to study making kamikaze drones there.', citedSourceId: 'source:ukrainska-pravda-2023-05-08', citedOutlet: 'Ukrainska Pravda', citedDate: date('2023-05-08'), citedUrl: 'https://www.pravda.com.ua/eng/news/2023/05/8/7401248/'};

MATCH (a:Place {id: 'place:gomel-radio-plant'}), (b:State {id: 'state:belarus'})
MERGE (a)-[r:LOCATED_IN {sourceId: 'source:analyst-note-belarus-iran-2023'}]->(b)
SET r += {stance: 'reported', quote: 'Three months before the visit, on 8 May 2023, Ukraine’s National Resistance Center said that Iranian engineers had toured the Gomel Radio Plant to study making kamikaze drones there.', citedSourceId: 'source:ukrainska-pravda-2023-05-08', citedOutlet: 'Ukrainska Pravda', citedDate: date('2023-05-08'), citedUrl: 'https://www.pravda.com.ua/eng/news/2023/05/8/7401248/'};

// Backers of Russia; Iran's denials.

MATCH (a:State {id: 'state:iran'}), (b:State {id: 'state:russia'})
MERGE (a)-[r:BACKS {sourceId: 'source:analyst-note-belarus-iran-2023'}]->(b)
SET r += {context: 'Ukraine war', conflictId: 'conflict:ukraine-war', stance: 'reported', quote: 'A German news agency counted both Belarus and Iran among the supporters of Russia’s war on Ukraine on the day of the signing.', citedSourceId: 'source:dpa-afx-2023-07-31', citedOutlet: 'dpa-AFX', citedDate: date('2023-07-31'), citedUrl: 'https://www.finanznachrichten.de/nachrichten-2023-07/59715613-iran-und-belarus-unterzeichnen-ruestungsabkommen-016.htm'};

MATCH (a:State {id: 'state:belarus'}), (b:State {id: 'state:russia'})
MERGE (a)-[r:BACKS {sourceId: 'source:analyst-note-belarus-iran-2023'}]->(b)
SET r += {context: 'Ukraine war', conflictId: 'conflict:ukraine-war', stance: 'reported', quote: 'A German news agency counted both Belarus and Iran among the supporters of Russia’s war on Ukraine on the day of the signing.', citedSourceId: 'source:dpa-afx-2023-07-31', citedOutlet: 'dpa-AFX', citedDate: date('2023-07-31'), citedUrl: 'https://www.finanznachrichten.de/nachrichten-2023-07/59715613-iran-und-belarus-unterzeichnen-ruestungsabkommen-016.htm'};

// Iran denies what the article reports (Iran SUPPLIES Russia): the edge is contested.
MATCH (a:State {id: 'state:iran'}), (b:State {id: 'state:russia'})
MERGE (a)-[r:SUPPLIES {sourceId: 'source:analyst-note-belarus-iran-2023'}]->(b)
SET r += {item: 'drones', weaponId: 'weapon:shahed-drone', context: 'Ukraine war', claimedBy: 'state:iran', stance: 'denial', quote: 'Iran rejects the charge that it sends drones to Russia for that war.', citedSourceId: 'source:reuters-2023-08-23', citedOutlet: 'Reuters', citedDate: date('2023-08-23'), citedUrl: 'https://english.alarabiya.net/News/world/2023/08/23/Russia-Iran-defense-officials-discuss-military-cooperation-Moscow'};

// One note, two parties on one relationship: keyed on {sourceId, claimedBy}.
MATCH (a:State {id: 'state:iran'}), (b:State {id: 'state:russia'})
MERGE (a)-[r:HELPS_BUILD_DRONE_FACTORY_FOR {sourceId: 'source:analyst-note-belarus-iran-2023', claimedBy: 'state:united-states'}]->(b)
SET r += {site: 'east of Moscow', stance: 'claim', quote: 'On 9 June 2023 the White House said Iran was helping Russia build a drone factory east of Moscow.', citedSourceId: 'source:the-daily-beast-2023-06-09', citedOutlet: 'The Daily Beast', citedDate: date('2023-06-09'), citedUrl: 'https://www.thedailybeast.com/iran-is-helping-russia-build-a-drone-factory-white-house-says'};

MATCH (a:State {id: 'state:iran'}), (b:State {id: 'state:russia'})
MERGE (a)-[r:HELPS_BUILD_DRONE_FACTORY_FOR {sourceId: 'source:analyst-note-belarus-iran-2023', claimedBy: 'person:nasser-kanaani'}]->(b)
SET r += {site: 'east of Moscow', stance: 'denial', quote: 'Iran’s foreign ministry spokesman, Nasser Kanaani, called that claim politically motivated on 12 June 2023.', citedSourceId: 'source:xinhua-2023-06-13', citedOutlet: 'Xinhua', citedDate: date('2023-06-13'), citedUrl: 'http://en.people.cn/n3/2023/0613/c90000-20030910.html'};

MATCH (a:Person {id: 'person:nasser-kanaani'}), (b:State {id: 'state:iran'})
MERGE (a)-[r:SPEAKS_FOR {sourceId: 'source:analyst-note-belarus-iran-2023'}]->(b)
SET r += {role: 'foreign ministry spokesman', stance: 'reported', quote: 'Iran’s foreign ministry spokesman, Nasser Kanaani, called that claim politically motivated on 12 June 2023.', citedSourceId: 'source:xinhua-2023-06-13', citedOutlet: 'Xinhua', citedDate: date('2023-06-13'), citedUrl: 'http://en.people.cn/n3/2023/0613/c90000-20030910.html'};
