package protocol

// Verb identifies a parsed command. Sub-commands (CREATE DATABASE, LIST
// USERS, …) are verbs of their own; aliases (SNAPSHOT-HLC, ELECT_WRITER)
// parse to the canonical verb.
type Verb uint8

// The verbs of PROTOCOL.md §4.2 and the §11a extensions.
const (
	VerbNone             Verb = iota // zero value: no command
	VerbLogin                        // LOGIN <tenant> <username> <password…>
	VerbToken                        // TOKEN <jwt…>
	VerbRefresh                      // REFRESH <refresh_jwt…>
	VerbPing                         // PING
	VerbQuit                         // QUIT
	VerbWhoami                       // WHOAMI
	VerbTopology                     // TOPOLOGY
	VerbSnapshotHLC                  // SNAPSHOT_HLC (alias SNAPSHOT-HLC)
	VerbUse                          // USE <database…>
	VerbCreateDatabase               // CREATE DATABASE <name…>
	VerbDropDatabase                 // DROP DATABASE <name…>
	VerbListDatabases                // LIST DATABASES
	VerbCreateCollection             // CREATE COLLECTION <name…>
	VerbDropCollection               // DROP COLLECTION <name…>
	VerbListCollections              // LIST COLLECTIONS
	VerbInsert                       // INSERT <collection> <uuid> <json…>
	VerbGet                          // GET <collection> <uuid> ‡
	VerbUpdate                       // UPDATE <collection> <uuid> <json…>
	VerbDelete                       // DELETE <collection> <uuid> ‡
	VerbPutWithVC                    // PUT_WITH_VC <collection> <uuid> <json…> <vector_clock>
	VerbScan                         // SCAN <collection> [<start_uuid> <end_uuid>] ‡
	VerbCreateIndex                  // CREATE INDEX <collection> <index_name> <field_path…>
	VerbDropIndex                    // DROP INDEX <collection> <index_name…>
	VerbListIndexes                  // LIST INDEXES <collection…>
	VerbQuery                        // QUERY <collection> <index_name> <json…>
	VerbQueryRange                   // QUERYRANGE <collection> <index_name> <start_json> <end_json…>
	VerbCompact                      // COMPACT <collection…>
	VerbFlush                        // FLUSH
	VerbCount                        // COUNT <collection…>
	VerbCreateUser                   // CREATE USER <user_spec> <password…>
	VerbDropUser                     // DROP USER <user_spec…>
	VerbListUsers                    // LIST USERS [<tenant…>]
	VerbGrant                        // GRANT <role> ON <resource> TO <user_spec> ‡
	VerbRevoke                       // REVOKE <role> ON <resource> FROM <user_spec> ‡
	VerbCreateTenant                 // CREATE TENANT <name…>
	VerbDropTenant                   // DROP TENANT <name…>
	VerbListTenants                  // LIST TENANTS
	VerbElectWriter                  // ELECT-WRITER <node_id> <database> [<collection>] ‡ (alias ELECT_WRITER)
	VerbFind                         // FIND <collection> <filter-json> [<options-json>]  (§11a)
	VerbResolve                      // RESOLVE <collection> <uuid> [<depth…>]            (§11a)
	VerbStats                        // STATS <collection…>                               (§11a)
	VerbInsertMany                   // INSERTMANY <collection> <json…>                   (§11a)

	numVerbs // number of verbs, VerbNone included
)

// verbInfo holds the static facts about a verb.
type verbInfo struct {
	name   string // canonical wire spelling
	metric string // grumpydb_commands_total cmd label (§8)
	data   bool   // data command for consistency prefixes (§4.9)
}

func (v Verb) info() verbInfo {
	switch v {
	case VerbLogin:
		return verbInfo{"LOGIN", "LOGIN", false}
	case VerbToken:
		return verbInfo{"TOKEN", "TOKEN", false}
	case VerbRefresh:
		return verbInfo{"REFRESH", "REFRESH", false}
	case VerbPing:
		return verbInfo{"PING", "PING", false}
	case VerbQuit:
		return verbInfo{"QUIT", "QUIT", false}
	case VerbWhoami:
		return verbInfo{"WHOAMI", "WHOAMI", false}
	case VerbTopology:
		return verbInfo{"TOPOLOGY", "TOPOLOGY", false}
	case VerbSnapshotHLC:
		return verbInfo{"SNAPSHOT_HLC", "SNAPSHOT_HLC", false}
	case VerbUse:
		return verbInfo{"USE", "USE", false}
	case VerbCreateDatabase:
		return verbInfo{"CREATE DATABASE", "CREATE_DATABASE", false}
	case VerbDropDatabase:
		return verbInfo{"DROP DATABASE", "DROP_DATABASE", false}
	case VerbListDatabases:
		return verbInfo{"LIST DATABASES", "LIST_DATABASES", false}
	case VerbCreateCollection:
		return verbInfo{"CREATE COLLECTION", "CREATE_COLLECTION", false}
	case VerbDropCollection:
		return verbInfo{"DROP COLLECTION", "DROP_COLLECTION", false}
	case VerbListCollections:
		return verbInfo{"LIST COLLECTIONS", "LIST_COLLECTIONS", false}
	case VerbInsert:
		return verbInfo{"INSERT", "INSERT", true}
	case VerbGet:
		return verbInfo{"GET", "GET", true}
	case VerbUpdate:
		return verbInfo{"UPDATE", "UPDATE", true}
	case VerbDelete:
		return verbInfo{"DELETE", "DELETE", true}
	case VerbPutWithVC:
		return verbInfo{"PUT_WITH_VC", "PUT_WITH_VC", true}
	case VerbScan:
		return verbInfo{"SCAN", "SCAN", true}
	case VerbCreateIndex:
		return verbInfo{"CREATE INDEX", "CREATE_INDEX", false}
	case VerbDropIndex:
		return verbInfo{"DROP INDEX", "DROP_INDEX", false}
	case VerbListIndexes:
		return verbInfo{"LIST INDEXES", "LIST_INDEXES", false}
	case VerbQuery:
		return verbInfo{"QUERY", "QUERY", true}
	case VerbQueryRange:
		return verbInfo{"QUERYRANGE", "QUERY_RANGE", true}
	case VerbCompact:
		return verbInfo{"COMPACT", "COMPACT", false}
	case VerbFlush:
		return verbInfo{"FLUSH", "FLUSH", false}
	case VerbCount:
		return verbInfo{"COUNT", "COUNT", true}
	case VerbCreateUser:
		return verbInfo{"CREATE USER", "CREATE_USER", false}
	case VerbDropUser:
		return verbInfo{"DROP USER", "DROP_USER", false}
	case VerbListUsers:
		return verbInfo{"LIST USERS", "LIST_USERS", false}
	case VerbGrant:
		return verbInfo{"GRANT", "GRANT", false}
	case VerbRevoke:
		return verbInfo{"REVOKE", "REVOKE", false}
	case VerbCreateTenant:
		return verbInfo{"CREATE TENANT", "CREATE_TENANT", false}
	case VerbDropTenant:
		return verbInfo{"DROP TENANT", "DROP_TENANT", false}
	case VerbListTenants:
		return verbInfo{"LIST TENANTS", "LIST_TENANTS", false}
	case VerbElectWriter:
		return verbInfo{"ELECT-WRITER", "ELECT_WRITER", false}
	case VerbFind:
		return verbInfo{"FIND", "FIND", true}
	case VerbResolve:
		return verbInfo{"RESOLVE", "RESOLVE", true}
	case VerbStats:
		return verbInfo{"STATS", "STATS", true}
	case VerbInsertMany:
		return verbInfo{"INSERTMANY", "INSERT_MANY", true}
	}
	return verbInfo{}
}

// String returns the verb's canonical wire spelling: "GET",
// "CREATE DATABASE", "SNAPSHOT_HLC", "ELECT-WRITER". It is "" for VerbNone
// and for values outside the enumeration.
func (v Verb) String() string { return v.info().name }

// MetricName returns the verb's cmd label for grumpydb_commands_total and
// grumpydb_command_duration_seconds (PROTOCOL.md §8): "CREATE_DATABASE",
// "QUERY_RANGE", "ELECT_WRITER", "INSERT_MANY", …. PING and QUIT have names
// too, although the server never counts them. "" for VerbNone.
func (v Verb) MetricName() string { return v.info().metric }

// IsDataCommand reports whether v is a data command for consistency
// prefixes (PROTOCOL.md §4.9): INSERT GET UPDATE DELETE PUT_WITH_VC SCAN
// QUERY QUERYRANGE COUNT and the §11a verbs FIND RESOLVE STATS INSERTMANY.
func (v Verb) IsDataCommand() bool { return v.info().data }

// IsDataCommand reports whether v is a data command (see
// Verb.IsDataCommand).
func IsDataCommand(v Verb) bool { return v.IsDataCommand() }
