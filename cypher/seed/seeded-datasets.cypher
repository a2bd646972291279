// How many datasets have ever been imported (0 means a fresh graph).
// Returns: seeded.
MATCH (d:Dataset)
RETURN count(d) AS seeded
