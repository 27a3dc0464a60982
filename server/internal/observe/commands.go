package observe

// CountedCommands returns the cmd label values of §8, in the order the
// specification lists them: every verb of §4.2 but PING and QUIT, plus the
// §11a extensions, by canonical name.
func CountedCommands() []string {
	return []string{
		"LOGIN", "TOKEN", "REFRESH", "WHOAMI", "TOPOLOGY", "SNAPSHOT_HLC", "USE",
		"CREATE_DATABASE", "DROP_DATABASE", "LIST_DATABASES",
		"CREATE_COLLECTION", "DROP_COLLECTION", "LIST_COLLECTIONS",
		"INSERT", "GET", "UPDATE", "DELETE", "PUT_WITH_VC", "SCAN",
		"CREATE_INDEX", "DROP_INDEX", "LIST_INDEXES", "QUERY", "QUERY_RANGE",
		"COMPACT", "FLUSH", "COUNT",
		"CREATE_USER", "DROP_USER", "LIST_USERS", "GRANT", "REVOKE",
		"CREATE_TENANT", "DROP_TENANT", "LIST_TENANTS",
		"ELECT_WRITER", "FIND", "RESOLVE", "STATS", "INSERT_MANY",
	}
}

// IsCountedCommand reports whether cmd is one of CountedCommands. It is a
// switch, not a lookup in a shared table, so it allocates nothing and needs
// no package state.
func IsCountedCommand(cmd string) bool {
	switch cmd {
	case "LOGIN", "TOKEN", "REFRESH", "WHOAMI", "TOPOLOGY", "SNAPSHOT_HLC", "USE",
		"CREATE_DATABASE", "DROP_DATABASE", "LIST_DATABASES",
		"CREATE_COLLECTION", "DROP_COLLECTION", "LIST_COLLECTIONS",
		"INSERT", "GET", "UPDATE", "DELETE", "PUT_WITH_VC", "SCAN",
		"CREATE_INDEX", "DROP_INDEX", "LIST_INDEXES", "QUERY", "QUERY_RANGE",
		"COMPACT", "FLUSH", "COUNT",
		"CREATE_USER", "DROP_USER", "LIST_USERS", "GRANT", "REVOKE",
		"CREATE_TENANT", "DROP_TENANT", "LIST_TENANTS",
		"ELECT_WRITER", "FIND", "RESOLVE", "STATS", "INSERT_MANY":
		return true
	}
	return false
}
