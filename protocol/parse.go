package protocol

// Parse parses one request line (PROTOCOL.md §1, §4.1, §4.9, §4.10 and the
// §11a extensions of REPL.md §12.3). The line may still carry its
// terminator: it is trimmed of whitespace at both ends first. Parse checks
// only the grammar; UUIDs, JSON and names are left raw for the server. Any
// error is a *ParseError whose Error() is the wire text.
//
// Parse expects valid UTF-8, as Reader guarantees; invalid bytes are
// treated as non-whitespace word characters. Parse never panics and does
// not allocate on success: the command's fields are substrings of line.
func Parse(line string) (c Command, err error) {
	// c is the named result, filled in place: Command is large.
	s := trimSpace(line)
	if s == "" {
		return c, errEmpty()
	}
	verb, rest, err := parseConcernPrefixes(s, &c.Concern)
	if err != nil {
		return Command{}, err
	}
	var buf [maxKeywordLen]byte
	n := upperKeyword(verb, &buf)
	if n < 0 {
		return Command{}, errUnknown(verb)
	}
	switch string(buf[:n]) {
	case "PING":
		c.Verb = VerbPing
	case "QUIT":
		c.Verb = VerbQuit
	case "WHOAMI":
		c.Verb = VerbWhoami
	case "TOPOLOGY":
		c.Verb = VerbTopology
	case "SNAPSHOT_HLC", "SNAPSHOT-HLC":
		c.Verb = VerbSnapshotHLC
	case "FLUSH":
		c.Verb = VerbFlush
	case "GET":
		err = parseKeyed(&c, VerbGet, rest)
	case "DELETE":
		err = parseKeyed(&c, VerbDelete, rest)
	case "INSERT":
		err = parseKeyedJSON(&c, VerbInsert, rest)
	case "UPDATE":
		err = parseKeyedJSON(&c, VerbUpdate, rest)
	case "PUT_WITH_VC":
		err = parsePutWithVC(&c, rest)
	case "SCAN":
		err = parseScan(&c, rest)
	case "QUERY":
		err = parseQuery(&c, rest)
	case "QUERYRANGE":
		err = parseQueryRange(&c, rest)
	case "COUNT":
		err = parseCollectionRest(&c, VerbCount, rest, "COUNT requires <collection>")
	case "COMPACT":
		err = parseCollectionRest(&c, VerbCompact, rest, "COMPACT requires <collection>")
	case "USE":
		err = parseNameRest(&c, VerbUse, rest, "USE requires <database>")
	case "LOGIN":
		err = parseLogin(&c, rest)
	case "TOKEN":
		err = parseToken(&c, VerbToken, rest, "TOKEN requires <jwt>")
	case "REFRESH":
		err = parseToken(&c, VerbRefresh, rest, "REFRESH requires <refresh_token>")
	case "CREATE":
		err = parseCreate(&c, rest)
	case "DROP":
		err = parseDrop(&c, rest)
	case "LIST":
		err = parseList(&c, rest)
	case "GRANT":
		err = parseGrant(&c, VerbGrant, rest, "GRANT", "TO")
	case "REVOKE":
		err = parseGrant(&c, VerbRevoke, rest, "REVOKE", "FROM")
	case "ELECT-WRITER", "ELECT_WRITER":
		err = parseElectWriter(&c, rest)
	case "FIND":
		err = parseCollectionJSON(&c, VerbFind, rest, "FIND requires <collection> <filter>")
	case "INSERTMANY":
		err = parseCollectionJSON(&c, VerbInsertMany, rest, "INSERTMANY requires <collection> <json>")
	case "RESOLVE":
		err = parseResolve(&c, rest)
	case "STATS":
		err = parseCollectionRest(&c, VerbStats, rest, "STATS requires <collection>")
	default:
		return Command{}, errUnknown(verb)
	}
	if err != nil {
		return Command{}, err
	}
	return c, nil
}

// parseKeyed parses GET/DELETE <collection> <uuid> ‡.
func parseKeyed(c *Command, v Verb, rest string) error {
	coll, key, _, err := cutTwoWords(rest, v.String(), "<collection> <uuid>", "<uuid>")
	if err != nil {
		return err
	}
	c.Verb, c.Collection, c.Key = v, coll, key
	return nil
}

// parseKeyedJSON parses INSERT/UPDATE <collection> <uuid> <json…>.
func parseKeyedJSON(c *Command, v Verb, rest string) error {
	coll, key, doc, err := cutTwoWordsRest(rest, v.String(), "<collection> <uuid> <json>", "<uuid>", "<json>")
	if err != nil {
		return err
	}
	c.Verb, c.Collection, c.Key, c.JSON = v, coll, key, doc
	return nil
}

// parsePutWithVC parses PUT_WITH_VC <collection> <uuid> <json…> <vector_clock>:
// after the key, the rest splits at its last whitespace.
func parsePutWithVC(c *Command, rest string) error {
	coll, key, rest, err := cutTwoWords(rest, "PUT_WITH_VC", "<collection> <uuid> <json> <vector_clock>", "<uuid>")
	if err != nil {
		return err
	}
	doc, clock, ok := cutLastWord(rest)
	if !ok {
		return errMissing("PUT_WITH_VC requires <json> <vector_clock>")
	}
	c.Verb, c.Collection, c.Key, c.JSON, c.VectorClock = VerbPutWithVC, coll, key, doc, clock
	return nil
}

// parseScan parses SCAN <collection> [<start_uuid> <end_uuid>] ‡.
func parseScan(c *Command, rest string) error {
	coll, rest := cutWord(rest)
	if coll == "" {
		return errMissing("SCAN requires <collection>")
	}
	start, rest := cutWord(rest)
	end, _ := cutWord(rest)
	if start != "" && end == "" {
		return errMissing("SCAN range requires both <start_uuid> <end_uuid>")
	}
	c.Verb, c.Collection, c.Start, c.End = VerbScan, coll, start, end
	return nil
}

// parseQuery parses QUERY <collection> <index_name> <json…>.
func parseQuery(c *Command, rest string) error {
	coll, index, value, err := cutTwoWordsRest(rest, "QUERY", "<collection> <index_name> <json_value>", "<index_name>", "<json_value>")
	if err != nil {
		return err
	}
	c.Verb, c.Collection, c.Index, c.JSON = VerbQuery, coll, index, value
	return nil
}

// parseQueryRange parses QUERYRANGE <collection> <index_name> <start_json>
// <end_json…>: the start is one word, the end the rest.
func parseQueryRange(c *Command, rest string) error {
	coll, index, rest, err := cutTwoWords(rest, "QUERYRANGE", "<collection> <index_name> <start> <end>", "<index_name>")
	if err != nil {
		return err
	}
	start, rest := cutWord(rest)
	if start == "" {
		return errMissing("QUERYRANGE requires <start>")
	}
	if rest == "" {
		return errMissing("QUERYRANGE requires <end>")
	}
	c.Verb, c.Collection, c.Index, c.Start, c.End = VerbQueryRange, coll, index, start, rest
	return nil
}

// parseCollectionRest parses "<verb> <collection…>" (COUNT, COMPACT, STATS,
// LIST INDEXES).
func parseCollectionRest(c *Command, v Verb, rest, missing string) error {
	if rest == "" {
		return errMissing(missing)
	}
	c.Verb, c.Collection = v, rest
	return nil
}

// parseNameRest parses "<verb> <name…>" (USE, CREATE/DROP DATABASE,
// COLLECTION, TENANT).
func parseNameRest(c *Command, v Verb, rest, missing string) error {
	if rest == "" {
		return errMissing(missing)
	}
	c.Verb, c.Name = v, rest
	return nil
}

// parseCollectionJSON parses "<verb> <collection> <json…>" (FIND,
// INSERTMANY); both missing cases share one message.
func parseCollectionJSON(c *Command, v Verb, rest, missing string) error {
	coll, rest := cutWord(rest)
	if coll == "" || rest == "" {
		return errMissing(missing)
	}
	c.Verb, c.Collection, c.JSON = v, coll, rest
	return nil
}

// parseResolve parses RESOLVE <collection> <uuid> [<depth…>]. The depth is
// the whole rest, so trailing words make it invalid rather than ignored.
func parseResolve(c *Command, rest string) error {
	coll, rest := cutWord(rest)
	key, rest := cutWord(rest)
	if coll == "" || key == "" {
		return errMissing("RESOLVE requires <collection> <uuid>")
	}
	c.Verb, c.Collection, c.Key, c.Depth = VerbResolve, coll, key, rest
	return nil
}

// parseElectWriter parses ELECT-WRITER <node_id> <database> [<collection>] ‡.
func parseElectWriter(c *Command, rest string) error {
	node, rest := cutWord(rest)
	if node == "" {
		return errMissing("ELECT-WRITER requires <node_id> <database> [collection]")
	}
	db, rest := cutWord(rest)
	if db == "" {
		return errMissing("ELECT-WRITER requires <database>")
	}
	coll, _ := cutWord(rest)
	c.Verb, c.Node, c.Database, c.Collection = VerbElectWriter, node, db, coll
	return nil
}

// cutTwoWords cuts the first two words of a verb's arguments s and returns
// them with the tail after them. A missing first word fails with
// "<name> requires <usage>", a missing second with "<name> requires
// <second>". The texts are joined only on failure, so success does not
// allocate.
func cutTwoWords(s, name, usage, second string) (first, next, tail string, err error) {
	first, s = cutWord(s)
	if first == "" {
		return "", "", "", errMissing(name + " requires " + usage)
	}
	next, s = cutWord(s)
	if next == "" {
		return "", "", "", errMissing(name + " requires " + second)
	}
	return first, next, s, nil
}

// cutTwoWordsRest is cutTwoWords for the "<a> <b> <rest…>" verbs: the tail
// must not be empty either, else "<name> requires <last>".
func cutTwoWordsRest(s, name, usage, second, last string) (first, next, tail string, err error) {
	first, s = cutWord(s)
	if first == "" {
		return "", "", "", errMissing(name + " requires " + usage)
	}
	next, tail, err = cutWordRest(s, name, second, last)
	if err != nil {
		return "", "", "", err
	}
	return first, next, tail, nil
}

// cutWordRest cuts the first word of s and a non-empty rest, for the
// "<a> <rest…>" verbs: a missing word fails with "<name> requires
// <usage>", an empty rest with "<name> requires <last>".
func cutWordRest(s, name, usage, last string) (first, tail string, err error) {
	first, tail = cutWord(s)
	if first == "" {
		return "", "", errMissing(name + " requires " + usage)
	}
	if tail == "" {
		return "", "", errMissing(name + " requires " + last)
	}
	return first, tail, nil
}
