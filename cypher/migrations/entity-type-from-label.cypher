// Gives every entity without a `type` the one its label says. Entities created through the API
// before @populatedBy set it were stored untyped, and search, impact, trace, path and the audit
// trail read `type`. Runs at every start; an entity that has a type is never touched, so a second
// run changes nothing. An entity with no label of the model, or with two, is left alone rather
// than guessed at.
// Params: $types: map from each entity label to its EntityType value ({Activity: 'ACTIVITY', ...}).
// Returns: repaired (how many entities were given a type).
MATCH (n:Entity)
WHERE n.type IS NULL
WITH n, [label IN labels(n) WHERE label IN keys($types)] AS own
WHERE size(own) = 1
SET n.type = $types[own[0]]
RETURN count(n) AS repaired
