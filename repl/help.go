package repl

import "strings"

// overview is the text of a bare "help" (REPL.md §13), exactly.
const overview = `GrumpyDB shell commands

Databases
  use <name>                               Open (or create) a database and make it current

Collections
  db.createCollection("name")              Create a collection
  db.dropCollection("name")                Drop a collection with all its documents
  db.collections()                         List the collections of the current database

Documents
  db.<c>.insert({...})                     Insert one document; prints its new id
  db.<c>.insertMany([{...}, ...])          Insert several documents in one transaction
  db.<c>.get("id")                         Fetch a document by id or id prefix
  db.<c>.find(filter?, options?)           List matching documents
  db.<c>.findOne(filter?, options?)        First matching document, or null
  db.<c>.count(filter?)                    Count all or matching documents
  db.<c>.update("id", {...})               Replace a document
  db.<c>.delete("id")                      Delete a document

Indexes
  db.<c>.createIndex("name", "field.path") Create a secondary index
  db.<c>.dropIndex("name")                 Drop an index
  db.<c>.indexes()                         List index names
  db.<c>.query("index", value)             Documents whose indexed field equals value
  db.<c>.queryRange("index", start, end)   Documents with start <= field < end

References
  $ref("collection", "id")                 A reference value, usable inside documents
  db.<c>.resolve("id")                     Document with its references replaced (one level)
  db.<c>.resolveDeep("id", depth?)         Same, following references up to depth (default 16)

Maintenance
  db.<c>.compact()                         Rewrite the collection to reclaim space
  db.<c>.stats()                           Document count and buffer-pool counters
  db.flush()                               Write cached pages and checkpoint the log

Shell
  help [topic]                             This overview, or details on one topic
  clear                                    Clear the screen
  exit | quit                              Leave the shell (Ctrl-D works too)

` + topicsLines

// topicsLines lists the help topics (the end of the overview).
const topicsLines = `Topics: use collections insert insertMany get find filters options findOne count update
        delete indexes query queryRange ref resolve resolveDeep compact stats flush json ids`

// topicNames are the help topics in the order of the Topics line.
func topicNames() []string {
	return strings.Fields(strings.ReplaceAll(strings.TrimPrefix(topicsLines, "Topics:"), "\n", " "))
}

// Help returns the text of "help" (topic "") or "help <topic>".
func Help(topic string) string {
	if topic == "" {
		return overview
	}
	key := strings.ToLower(topic)
	key = strings.TrimPrefix(key, "$")
	if strings.HasPrefix(key, "db.") {
		key = key[3:]
		if i := strings.IndexByte(key, '.'); i >= 0 {
			key = key[i+1:]
		}
	}
	key = strings.TrimSuffix(key, "()")
	switch key {
	case "createcollection", "dropcollection":
		key = "collections"
	case "createindex", "dropindex":
		key = "indexes"
	}
	for _, name := range topicNames() {
		if strings.ToLower(name) == key {
			return strings.TrimRight(topicText(name), "\n")
		}
	}
	return "No help for '" + topic + "'.\n" + topicsLines
}

// topicText returns the body of one help topic.
func topicText(name string) string {
	switch name {
	case "use":
		return `use <name>
  Opens the database <name> under the data directory and makes it current.
  The database is created on first use. Names are 1-64 characters of
  [a-z0-9_] and may not start with '_' (except _default and _system).
  The prompt then shows the database: grumpy [myapp]>
Example:
  use myapp`
	case "collections":
		return `db.createCollection("name")  db.dropCollection("name")  db.collections()
  createCollection makes an empty collection (inserting into a missing
  collection also creates it). dropCollection removes a collection with
  all its documents and indexes. collections() lists the names, sorted.
Examples:
  db.createCollection("users")
  db.dropCollection("users")
  db.collections()`
	case "insert":
		return `db.<c>.insert(doc)
  Stores one document under a new random UUID and prints it:
  Inserted: <uuid>. Give "_id" (a full UUID string) to choose the key
  yourself; it is removed from the stored document. An existing key fails.
Examples:
  db.users.insert({ name: "Alice", age: 30 })
  db.users.insert({ _id: "3df9dde6-1a2b-4c3d-8e9f-001122334455", name: "Bob" })`
	case "insertMany":
		return `db.<c>.insertMany([doc, ...])
  Inserts every document of a non-empty array in one transaction: all
  are stored or none is. Prints one "Inserted: <uuid>" line per document,
  in input order. Each document may carry its own "_id"; two equal _ids
  fail the whole batch.
Example:
  db.users.insertMany([{ name: "Alice" }, { name: "Bob" }])`
	case "get":
		return `db.<c>.get(id)
  Fetches the document stored under id. The id is a full UUID (any
  spelling) or a prefix of at least 4 hex digits that matches exactly one
  document. A full UUID that is absent prints null.
Examples:
  db.users.get("3df9dde6-1a2b-4c3d-8e9f-001122334455")
  db.users.get(3df9dde6)`
	case "find":
		return `db.<c>.find(filter?, options?)
  Lists the documents matching the filter (see 'help filters'), shaped by
  the options (see 'help options'). Without sort, results come in key
  order. No result prints [], one prints on one line, more print one
  document per line between [ and ].
Examples:
  db.users.find()
  db.users.find({ age: { $gte: 18 } }, { sort: { age: -1 }, limit: 10 })`
	case "filters":
		return `filter = { path: condition, ... }
  All entries must hold. A path is dotted ("address.city"); it reaches into
  arrays, and a condition on an array field holds for the array or any
  element. Numbers compare by value across integers and floats (30 == 30.0).
  Range operators only match values of the operand's type class.
Examples:
  { age: 30 }                          equality ($eq shorthand)
  { age: { $eq: 30 } }                 equal
  { age: { $ne: 30 } }                 not equal (missing fields match)
  { age: { $gt: 30 } }                 greater than
  { age: { $gte: 30 } }                greater or equal
  { age: { $lt: 30 } }                 less than
  { age: { $lte: 30 } }                less or equal
  { city: { $in: ["Paris", "Oslo"] } } equal to one of
  { city: { $nin: ["Paris"] } }        equal to none of
  { email: { $exists: true } }         field present
  { age: { $not: { $gt: 30 } } }       operator does not hold
  { $and: [{ a: 1 }, { b: 2 }] }       every filter matches
  { $or: [{ a: 1 }, { b: 2 }] }        at least one filter matches
  { $not: { a: 1 } }                   the filter does not match
  { "address.city": "Paris" }          dotted path
  { tags: "dev" }                      array field: any element`
	case "options":
		return `find(filter, { sort: ..., skip: n, limit: n, projection: ... })
  sort: { path: 1 | -1, ... } in the order written, ties by key.
  skip: drop the first n results; limit: keep at most n (0: no limit).
  projection: { path: 1, ... } keeps paths (plus _id unless _id: 0),
  { path: 0, ... } drops them. Steps: filter, sort, skip, limit, projection.
Example:
  db.users.find({}, { sort: { age: -1, name: 1 }, skip: 10, limit: 5, projection: { name: 1, _id: 0 } })`
	case "findOne":
		return `db.<c>.findOne(filter?, options?)
  The same as find with limit forced to 1: prints the first matching
  document, or null when none matches.
Example:
  db.users.findOne({ name: "Alice" })`
	case "count":
		return `db.<c>.count(filter?)
  Without a filter: the number of documents in the collection (O(1)).
  With a filter: the number of documents find(filter) would return.
Examples:
  db.users.count()
  db.users.count({ age: { $gt: 30 } })`
	case "update":
		return `db.<c>.update(id, doc)
  Replaces the whole document stored under id; there are no update
  operators such as $set. A top-level "_id" in doc must equal the key.
  Prints "Updated: <uuid>"; a missing key fails.
Example:
  db.users.update("3df9dde6", { name: "Alice", age: 31 })`
	case "delete":
		return `db.<c>.delete(id)
  Deletes the document stored under id (full UUID or prefix) and its index
  entries. Prints "Deleted: <uuid>"; a missing key fails.
Example:
  db.users.delete("3df9dde6")`
	case "indexes":
		return `db.<c>.createIndex(name, field)  db.<c>.dropIndex(name)  db.<c>.indexes()
  createIndex indexes a dotted field path, existing documents included;
  the definition is persisted and survives reopening. dropIndex removes
  it; indexes() lists the names in creation order.
Examples:
  db.users.createIndex("by_city", "address.city")
  db.users.dropIndex("by_city")
  db.users.indexes()`
	case "query":
		return `db.<c>.query(index, value)
  Documents whose indexed field equals value exactly (numbers by value,
  strings never by prefix), in index order. Arrays and objects cannot be
  looked up.
Example:
  db.users.query("by_age", 30)`
	case "queryRange":
		return `db.<c>.queryRange(index, start, end)
  Documents with start <= field < end (a half-open range) in the value
  order null < booleans < numbers < strings < ..., in index order.
Example:
  db.users.queryRange("by_age", 18, 65)`
	case "ref":
		return `$ref("collection", "uuid")
  A reference to a document of the current database, usable as any value
  inside a document. The UUID must be full. The wire form
  {"$ref": {"collection": "c", "uuid": "u"}} is read the same way.
Example:
  db.orders.insert({ buyer: $ref("users", "3df9dde6-1a2b-4c3d-8e9f-001122334455") })`
	case "resolve":
		return `db.<c>.resolve(id)
  The document with its references replaced by their targets, one level
  deep. A dangling reference stays as it is; a reference back to the
  document itself fails with "cyclic reference detected".
Example:
  db.orders.resolve("a1b2c3d4")`
	case "resolveDeep":
		return `db.<c>.resolveDeep(id, depth?)
  Like resolve, following references up to depth hops (0 to 256, default
  16). A reference back onto the current chain is a cycle and fails; a
  document reached by two branches (a diamond) is resolved twice.
  Dangling references stay as they are.
Example:
  db.orders.resolveDeep("a1b2c3d4", 3)`
	case "compact":
		return `db.<c>.compact()
  Rewrites the collection compactly, rebuilds its indexes and returns free
  space to the file system. Prints "Compacted: <n> documents preserved".
Example:
  db.users.compact()`
	case "stats":
		return `db.<c>.stats()
  Prints the live document count and the buffer-pool counters of the
  collection: cached pages, capacity, pages read and written.
Example:
  db.users.stats()`
	case "flush":
		return `db.flush()
  Writes every cached page of the database to its files and checkpoints
  the log. Prints "Flushed". Writes are durable without it.
Example:
  db.flush()`
	case "json":
		return `Relaxed JSON
  Keys may be bare identifiers ({age: 30}); strings take ' or "; one
  trailing comma is allowed; // and /* */ comments count as whitespace.
  Integers are 64-bit; numbers with a fraction or exponent are floats.
  Duplicate keys are an error. $ref("c", "uuid") writes a reference.
Example:
  db.users.insert({ name: 'Alice', /* inline */ tags: ["a", "b",], }) // trailing commas`
	case "ids":
		return `ids: a full UUID or a prefix of at least 4 hex digits
  A full UUID may be written hyphenated, as 32 hex digits, {braced} or as
  urn:uuid:, in any case. Otherwise the text is a prefix of the canonical
  form (hyphens only where it has them) and must match exactly one
  document; no match or several matches fail.
Examples:
  db.users.get(3df9)
  db.users.get("3DF9DDE6-1a")`
	}
	return ""
}
