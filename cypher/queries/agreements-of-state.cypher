// title: Agreements of a state
// description: Agreements the given state is party to, with their date, status, the other parties and who signed them.
// param: state string default="Belarus" - the state, by name, alias or id
MATCH (state:State)
WHERE state.id = $state
   OR toLower(state.name) = toLower($state)
   OR any(alias IN coalesce(state.aliases, []) WHERE toLower(alias) = toLower($state))
MATCH (state)-[party:PARTY_TO]->(agreement:Agreement)
// One row per agreement, however many sources say the state is party to it.
WITH state, agreement, collect(party) AS parties
OPTIONAL MATCH (signer)-[signature:SIGNED]->(agreement)
WITH state, parties, agreement,
     collect(DISTINCT signer) AS signers,
     collect(DISTINCT signature) AS signatures
OPTIONAL MATCH (other:State)-[otherParty:PARTY_TO]->(agreement)
WHERE other <> state
WITH state, parties, agreement, signers, signatures,
     collect(DISTINCT other) AS otherStates,
     collect(DISTINCT otherParty) AS otherPartyLinks
RETURN agreement.name AS name,
       agreement.date AS date,
       agreement.status AS status,
       agreement.details AS details,
       [s IN signers | s.name] AS signatories,
       [o IN otherStates | o.name] AS otherParties,
       parties[0].quote AS quote,
       [p IN parties | p.sourceId] AS sourceIds,
       state, parties, agreement, signers, signatures, otherStates, otherPartyLinks
ORDER BY date DESC, name;
