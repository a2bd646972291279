// Removes entities a dataset owned but its whole folder no longer declares. removal-blockers has
// already refused any that another dataset's or the API's relationships use, so only the
// dataset's own relationships go with them.
// Params: $dataset: String, $ids: [String]. Returns: deleted.
UNWIND $ids AS id
MATCH (n:Entity {id: id, dataset: $dataset})
DETACH DELETE n
RETURN count(*) AS deleted
