// Package config is grumpydb-server's configuration: the TOML file of
// PROTOCOL.md §9.1, its merge with the command-line flags of §9.2, the node
// identity _cluster/node.json of §9.4 and the data-directory lock
// grumpydb.lock of §7.4.
//
// Startup uses it in this order (§9.3):
//
//	cfg, err := config.Load(flags.ConfigFile()) // defaults + strict TOML
//	cfg.ApplyFlags(&flags)                      // --no-tls / --no-http win
//	err = cfg.Validate()                        // addresses, required members
//	err = cfg.CheckCluster(identityOrNil)       // [[cluster.peers]], cluster_id
//	lock, err := config.LockDataDir(dir)        // held for the whole run
//	id, created, err := config.LoadOrCreateNodeIdentity(dir, time.Now())
//
// Invariants:
//   - Parsing is strict: an unknown key or table, a syntax error or a value
//     of the wrong type or range is an error naming the file, the line and
//     the key (`config grumpydb.toml: line 3: unknown key 'server.bnd'`);
//     nothing is silently ignored.
//   - Defaults() is the single source of every §9.1 default; Load starts
//     from it, so an absent key keeps its default.
//   - Flags are plain values (no flag-parser types), so this package does
//     not depend on the command's parser.
//   - node.json is written atomically with mode 0644 and never overwritten.
//   - Locks are exclusive, non-blocking flocks; the file's pid is
//     informational only.
//
// The package has no package-level mutable state and never panics on bad
// input: every problem is an error wrapping one of the sentinels in
// errors.go.
package config
