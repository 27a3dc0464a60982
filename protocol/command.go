package protocol

import "strconv"

// Command is one parsed request line. Verb says which command it is and
// which of the other fields it fills; fields a verb does not use stay
// empty. Word arguments are never empty when set, so an empty optional
// field means "not given". All texts are raw, as typed (case preserved,
// rest-of-line arguments with their inner whitespace): the parser checks
// only the grammar, and the server validates UUIDs, JSON and names in the
// order PROTOCOL.md §4.5 prescribes.
//
//	Verb                    fields filled
//	LOGIN                   Tenant, User, Password (rest)
//	TOKEN, REFRESH          Token (rest)
//	USE                     Name (rest: the database)
//	CREATE/DROP DATABASE    Name (rest)
//	CREATE/DROP COLLECTION  Name (rest)
//	CREATE/DROP TENANT      Name (rest)
//	INSERT, UPDATE          Collection, Key, JSON (rest)
//	GET, DELETE             Collection, Key
//	PUT_WITH_VC             Collection, Key, JSON, VectorClock (last word)
//	SCAN                    Collection, and Start, End (both or neither)
//	CREATE INDEX            Collection, Index, Path (rest)
//	DROP INDEX              Collection, Index (rest)
//	LIST INDEXES            Collection (rest)
//	QUERY                   Collection, Index, JSON (rest)
//	QUERYRANGE              Collection, Index, Start (one word), End (rest)
//	COMPACT, COUNT, STATS   Collection (rest)
//	CREATE USER             User (user_spec), Password (rest)
//	DROP USER               User (rest: user_spec)
//	LIST USERS              Tenant (rest, optional, as typed: may start with '@'; see ListUsersTenant)
//	GRANT, REVOKE           Role, Resource, User (user_spec)
//	ELECT-WRITER            Node, Database, Collection (optional)
//	FIND                    Collection, JSON (rest: the filter and optional options, unsplit)
//	RESOLVE                 Collection, Key, Depth (rest, optional, unvalidated)
//	INSERTMANY              Collection, JSON (rest)
//	PING QUIT WHOAMI TOPOLOGY SNAPSHOT_HLC FLUSH
//	LIST DATABASES/COLLECTIONS/TENANTS  none
//
// Concern holds the consistency prefixes, for any verb.
type Command struct {
	// Verb is the command; VerbNone only in the zero value.
	Verb Verb
	// Concern holds the READ_CONCERN / WRITE_CONCERN prefixes.
	Concern Concern

	// Collection is a collection name.
	Collection string
	// Key is a document key, the raw UUID text.
	Key string
	// JSON is a raw JSON text (document, index value, filter, batch).
	JSON string
	// VectorClock is PUT_WITH_VC's raw vector clock JSON word.
	VectorClock string
	// Name is a database, collection or tenant name for USE and
	// CREATE/DROP DATABASE|COLLECTION|TENANT.
	Name string
	// Index is an index name.
	Index string
	// Path is CREATE INDEX's field path.
	Path string
	// Start is SCAN's start UUID or QUERYRANGE's start JSON.
	Start string
	// End is SCAN's end UUID or QUERYRANGE's end JSON.
	End string
	// Role is the role of GRANT / REVOKE.
	Role string
	// Resource is the resource of GRANT / REVOKE (§6.5 notation).
	Resource string
	// User is LOGIN's username, or a user_spec ("alice", "alice@acme")
	// for CREATE/DROP USER, GRANT and REVOKE (see SplitUserSpec).
	User string
	// Password is LOGIN's or CREATE USER's password.
	Password string
	// Token is the JWT of TOKEN or REFRESH.
	Token string
	// Tenant is LOGIN's tenant or LIST USERS' optional argument.
	Tenant string
	// Node is ELECT-WRITER's node id.
	Node string
	// Database is ELECT-WRITER's database.
	Database string
	// Depth is RESOLVE's optional depth text (the server checks 0–256).
	Depth string
}

// AppendLine appends the canonical request line for c to dst, without a
// terminator: prefixes first, the canonical verb spelling, then the
// arguments separated by single spaces. For any command returned by Parse,
// Parse(string(c.AppendLine(nil))) returns an equal command. A command
// built by hand must keep whitespace out of word arguments and CR/LF out
// of every field, or the line will not parse back as intended.
func (c *Command) AppendLine(dst []byte) []byte {
	if c.Concern.HasRead {
		dst = append(dst, readConcernKeyword+" R="...)
		dst = strconv.AppendUint(dst, uint64(c.Concern.Read), 10)
		dst = append(dst, ' ')
	}
	if c.Concern.HasWrite {
		dst = append(dst, writeConcernKeyword+" W="...)
		dst = strconv.AppendUint(dst, uint64(c.Concern.Write), 10)
		dst = append(dst, ' ')
	}
	dst = append(dst, c.Verb.String()...)
	switch c.Verb {
	case VerbLogin:
		dst = appendWords(dst, c.Tenant, c.User, c.Password)
	case VerbToken, VerbRefresh:
		dst = appendWords(dst, c.Token)
	case VerbUse, VerbCreateDatabase, VerbDropDatabase, VerbCreateCollection,
		VerbDropCollection, VerbCreateTenant, VerbDropTenant:
		dst = appendWords(dst, c.Name)
	case VerbInsert, VerbUpdate:
		dst = appendWords(dst, c.Collection, c.Key, c.JSON)
	case VerbGet, VerbDelete:
		dst = appendWords(dst, c.Collection, c.Key)
	case VerbPutWithVC:
		dst = appendWords(dst, c.Collection, c.Key, c.JSON, c.VectorClock)
	case VerbScan:
		dst = appendWords(dst, c.Collection)
		if c.Start != "" || c.End != "" {
			dst = appendWords(dst, c.Start, c.End)
		}
	case VerbCreateIndex:
		dst = appendWords(dst, c.Collection, c.Index, c.Path)
	case VerbDropIndex:
		dst = appendWords(dst, c.Collection, c.Index)
	case VerbListIndexes, VerbCompact, VerbCount, VerbStats:
		dst = appendWords(dst, c.Collection)
	case VerbQuery:
		dst = appendWords(dst, c.Collection, c.Index, c.JSON)
	case VerbQueryRange:
		dst = appendWords(dst, c.Collection, c.Index, c.Start, c.End)
	case VerbCreateUser:
		dst = appendWords(dst, c.User, c.Password)
	case VerbDropUser:
		dst = appendWords(dst, c.User)
	case VerbListUsers:
		if c.Tenant != "" {
			dst = appendWords(dst, c.Tenant)
		}
	case VerbGrant:
		dst = appendWords(dst, c.Role, "ON", c.Resource, "TO", c.User)
	case VerbRevoke:
		dst = appendWords(dst, c.Role, "ON", c.Resource, "FROM", c.User)
	case VerbElectWriter:
		dst = appendWords(dst, c.Node, c.Database)
		if c.Collection != "" {
			dst = appendWords(dst, c.Collection)
		}
	case VerbFind, VerbInsertMany:
		dst = appendWords(dst, c.Collection, c.JSON)
	case VerbResolve:
		dst = appendWords(dst, c.Collection, c.Key)
		if c.Depth != "" {
			dst = appendWords(dst, c.Depth)
		}
	}
	return dst
}

// appendWords appends each argument preceded by one space.
func appendWords(dst []byte, args ...string) []byte {
	for _, a := range args {
		dst = append(dst, ' ')
		dst = append(dst, a...)
	}
	return dst
}
