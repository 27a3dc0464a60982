package protocol

// Parsing of the connection and administration verbs: LOGIN, TOKEN,
// REFRESH, the CREATE / DROP / LIST families, GRANT and REVOKE.

// parseLogin parses LOGIN <tenant> <username> <password…>.
func parseLogin(c *Command, rest string) error {
	tenant, user, password, err := cutTwoWordsRest(rest, "LOGIN", "<tenant> <username> <password>", "<username>", "<password>")
	if err != nil {
		return err
	}
	c.Verb, c.Tenant, c.User, c.Password = VerbLogin, tenant, user, password
	return nil
}

// parseToken parses TOKEN <jwt…> and REFRESH <refresh_jwt…>.
func parseToken(c *Command, v Verb, rest, missing string) error {
	if rest == "" {
		return errMissing(missing)
	}
	c.Verb, c.Token = v, rest
	return nil
}

// parseCreate parses the CREATE family; sub-keywords are singular.
func parseCreate(c *Command, rest string) error {
	sub, rest := cutWord(rest)
	switch {
	case sub == "":
		return errMissing("CREATE requires DATABASE|COLLECTION|INDEX|USER|TENANT")
	case keywordIs(sub, "DATABASE"):
		return parseNameRest(c, VerbCreateDatabase, rest, "CREATE DATABASE requires <name>")
	case keywordIs(sub, "COLLECTION"):
		return parseNameRest(c, VerbCreateCollection, rest, "CREATE COLLECTION requires <name>")
	case keywordIs(sub, "TENANT"):
		return parseNameRest(c, VerbCreateTenant, rest, "CREATE TENANT requires <name>")
	case keywordIs(sub, "INDEX"):
		coll, index, path, err := cutTwoWordsRest(rest, "CREATE INDEX", "<collection> <index_name> <field_path>", "<index_name>", "<field_path>")
		if err != nil {
			return err
		}
		c.Verb, c.Collection, c.Index, c.Path = VerbCreateIndex, coll, index, path
		return nil
	case keywordIs(sub, "USER"):
		spec, password, err := cutWordRest(rest, "CREATE USER", "<username> <password>", "<password>")
		if err != nil {
			return err
		}
		c.Verb, c.User, c.Password = VerbCreateUser, spec, password
		return nil
	}
	return errUnknown("CREATE " + sub)
}

// parseDrop parses the DROP family; sub-keywords are singular.
func parseDrop(c *Command, rest string) error {
	sub, rest := cutWord(rest)
	switch {
	case sub == "":
		return errMissing("DROP requires DATABASE|COLLECTION|INDEX|USER|TENANT")
	case keywordIs(sub, "DATABASE"):
		return parseNameRest(c, VerbDropDatabase, rest, "DROP DATABASE requires <name>")
	case keywordIs(sub, "COLLECTION"):
		return parseNameRest(c, VerbDropCollection, rest, "DROP COLLECTION requires <name>")
	case keywordIs(sub, "TENANT"):
		return parseNameRest(c, VerbDropTenant, rest, "DROP TENANT requires <name>")
	case keywordIs(sub, "INDEX"):
		coll, index, err := cutWordRest(rest, "DROP INDEX", "<collection> <index_name>", "<index_name>")
		if err != nil {
			return err
		}
		c.Verb, c.Collection, c.Index = VerbDropIndex, coll, index
		return nil
	case keywordIs(sub, "USER"):
		if rest == "" {
			return errMissing("DROP USER requires <username>")
		}
		c.Verb, c.User = VerbDropUser, rest
		return nil
	}
	return errUnknown("DROP " + sub)
}

// parseList parses the LIST family; sub-keywords are plural only, and
// DATABASES, COLLECTIONS and TENANTS ignore everything after them.
func parseList(c *Command, rest string) error {
	sub, rest := cutWord(rest)
	switch {
	case sub == "":
		return errMissing("LIST requires DATABASES|COLLECTIONS|INDEXES|USERS|TENANTS")
	case keywordIs(sub, "DATABASES"):
		c.Verb = VerbListDatabases
		return nil
	case keywordIs(sub, "COLLECTIONS"):
		c.Verb = VerbListCollections
		return nil
	case keywordIs(sub, "TENANTS"):
		c.Verb = VerbListTenants
		return nil
	case keywordIs(sub, "INDEXES"):
		return parseCollectionRest(c, VerbListIndexes, rest, "LIST INDEXES requires <collection>")
	case keywordIs(sub, "USERS"):
		c.Verb, c.Tenant = VerbListUsers, rest
		return nil
	}
	return errUnknown("LIST " + sub)
}

// parseGrant parses GRANT <role> ON <resource> TO <user_spec> ‡ and
// REVOKE <role> ON <resource> FROM <user_spec> ‡; name is the verb and
// link the keyword before the user.
func parseGrant(c *Command, v Verb, rest, name, link string) error {
	role, rest := cutWord(rest)
	if role == "" {
		return errMissing(name + " requires <role> ON <resource> " + link + " <username>")
	}
	on, rest := cutWord(rest)
	if !keywordIs(on, "ON") {
		return errGrantSyntax(name, link)
	}
	resource, rest := cutWord(rest)
	if resource == "" {
		return errMissing(name + " requires <resource>")
	}
	to, rest := cutWord(rest)
	if !keywordIs(to, link) {
		return errGrantSyntax(name, link)
	}
	user, _ := cutWord(rest)
	if user == "" {
		return errMissing(name + " requires <username>")
	}
	c.Verb, c.Role, c.Resource, c.User = v, role, resource, user
	return nil
}

// errGrantSyntax is the error for a missing or wrong ON / TO / FROM.
func errGrantSyntax(name, link string) error {
	return errMissing(name + " syntax: " + name + " <role> ON <resource> " + link + " <username>")
}
