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
	name := v.String()
	coll, rest := cutWord(rest)
	if coll == "" {
		return errMissing(name + " requires <collection> <uuid>")
	}
	key, _ := cutWord(rest)
	if key == "" {
		return errMissing(name + " requires <uuid>")
	}
	c.Verb, c.Collection, c.Key = v, coll, key
	return nil
}

// parseKeyedJSON parses INSERT/UPDATE <collection> <uuid> <json…>.
func parseKeyedJSON(c *Command, v Verb, rest string) error {
	name := v.String()
	coll, rest := cutWord(rest)
	if coll == "" {
		return errMissing(name + " requires <collection> <uuid> <json>")
	}
	key, rest := cutWord(rest)
	if key == "" {
		return errMissing(name + " requires <uuid>")
	}
	if rest == "" {
		return errMissing(name + " requires <json>")
	}
	c.Verb, c.Collection, c.Key, c.JSON = v, coll, key, rest
	return nil
}

// parsePutWithVC parses PUT_WITH_VC <collection> <uuid> <json…> <vector_clock>:
// after the key, the rest splits at its last whitespace.
func parsePutWithVC(c *Command, rest string) error {
	coll, rest := cutWord(rest)
	if coll == "" {
		return errMissing("PUT_WITH_VC requires <collection> <uuid> <json> <vector_clock>")
	}
	key, rest := cutWord(rest)
	if key == "" {
		return errMissing("PUT_WITH_VC requires <uuid>")
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
	coll, rest := cutWord(rest)
	if coll == "" {
		return errMissing("QUERY requires <collection> <index_name> <json_value>")
	}
	index, rest := cutWord(rest)
	if index == "" {
		return errMissing("QUERY requires <index_name>")
	}
	if rest == "" {
		return errMissing("QUERY requires <json_value>")
	}
	c.Verb, c.Collection, c.Index, c.JSON = VerbQuery, coll, index, rest
	return nil
}

// parseQueryRange parses QUERYRANGE <collection> <index_name> <start_json>
// <end_json…>: the start is one word, the end the rest.
func parseQueryRange(c *Command, rest string) error {
	coll, rest := cutWord(rest)
	if coll == "" {
		return errMissing("QUERYRANGE requires <collection> <index_name> <start> <end>")
	}
	index, rest := cutWord(rest)
	if index == "" {
		return errMissing("QUERYRANGE requires <index_name>")
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
