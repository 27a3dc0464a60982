package config

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

const fullTOML = `# every key of §9.1
[server]
bind = "127.0.0.1:7000"
data_dir = "/var/lib/grumpy"
max_connections = 50
idle_timeout_secs = 60
shutdown_timeout_secs = 5

[tls]
enabled = true
handshake_timeout_secs = 3
cert_file = "c.pem"
key_file = "k.pem"

[auth]
access_token_ttl_secs = 1
refresh_token_ttl_secs = 2
jwt_algorithm = "HS256"

[limits]
commands_per_sec_per_ip = 7
commands_burst_per_ip = 8
failed_logins_per_min_per_ip = 3
max_conns_per_ip = 9
max_conns_global = 10
bypass_loopback = false

[http]
bind = ""

[cluster]
cluster_id = "6f1c2b0e-8d5a-4c1e-9b7a-2f3d4e5f6a7b"
listen_peer = "127.0.0.1:7100"
vnodes_per_node = 16
gc_grace_seconds = 11
max_lag_seconds = 12

[[cluster.peers]]
node_id = "n1"
addr = "10.0.0.1:6380"
status = "up"
last_seen_at_unix = 1700000000
vnode_assignments = [1, 2, 3]

[[cluster.peers]]
node_id = "n2"
addr = "10.0.0.2:6380"

[[cluster.writers]]
collection = "*"
node_id = "n1"
`

func TestParseEveryKey(t *testing.T) {
	got, err := Parse("full.toml", []byte(fullTOML))
	if err != nil {
		t.Fatal(err)
	}
	cid := "6f1c2b0e-8d5a-4c1e-9b7a-2f3d4e5f6a7b"
	want := &Config{
		Server: Server{Bind: "127.0.0.1:7000", DataDir: "/var/lib/grumpy", MaxConnections: 50,
			IdleTimeoutSecs: 60, ShutdownTimeoutSecs: 5},
		TLS:  TLS{Enabled: true, HandshakeTimeoutSecs: 3, CertFile: "c.pem", KeyFile: "k.pem"},
		Auth: Auth{AccessTokenTTLSecs: 1, RefreshTokenTTLSecs: 2, JWTAlgorithm: "HS256"},
		Limits: Limits{CommandsPerSecPerIP: 7, CommandsBurstPerIP: 8, FailedLoginsPerMinPerIP: 3,
			MaxConnsPerIP: 9, MaxConnsGlobal: 10, BypassLoopback: false},
		HTTP: HTTP{Bind: ""},
		Cluster: Cluster{ClusterID: &cid, ListenPeer: "127.0.0.1:7100", VnodesPerNode: 16,
			GCGraceSeconds: 11, MaxLagSeconds: 12,
			Peers: []Peer{
				{NodeID: "n1", Addr: "10.0.0.1:6380", Status: "up", LastSeenAtUnix: 1700000000,
					VnodeAssignments: []uint32{1, 2, 3}},
				{NodeID: "n2", Addr: "10.0.0.2:6380"},
			},
			Writers: []Writer{{Collection: "*", NodeID: "n1"}},
		},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got\n%+v\nwant\n%+v", got, want)
	}
}

func TestParseKeepsDefaultsForAbsentKeys(t *testing.T) {
	for _, doc := range []string{
		"[tls]\nenabled = true\n",
		"tls = { enabled = true }\n",
		"tls.enabled = true\n",
	} {
		got, err := Parse("x.toml", []byte(doc))
		if err != nil {
			t.Fatalf("%q: %v", doc, err)
		}
		want := Defaults()
		want.TLS.Enabled = true
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%q: got %+v, want defaults with tls.enabled", doc, got)
		}
	}
	got, err := Parse("empty.toml", nil)
	if err != nil || !reflect.DeepEqual(got, Defaults()) {
		t.Fatalf("empty document: %+v, %v", got, err)
	}
}

// TestParseErrorMessages pins the exact text of every kind of file error.
func TestParseErrorMessages(t *testing.T) {
	cases := []struct {
		name, doc string
		kind      error
		line      int
		key       string
		msg       string
	}{
		{"unknown key", "[server]\nbind = \"a:1\"\nbnd = \"x\"\n", ErrUnknownKey, 3, "server.bnd",
			"config grumpydb.toml: line 3: unknown key 'server.bnd'"},
		{"unknown table", "\n[servr]\nbind = 1\n", ErrUnknownKey, 2, "servr",
			"config grumpydb.toml: line 2: unknown key 'servr'"},
		{"unknown subtable", "[server.extra]\n", ErrUnknownKey, 1, "server.extra",
			"config grumpydb.toml: line 1: unknown key 'server.extra'"},
		{"unknown top-level key", "a = 1\n", ErrUnknownKey, 1, "a",
			"config grumpydb.toml: line 1: unknown key 'a'"},
		{"unknown dotted key", "\n\nserver.bnd = 1\n", ErrUnknownKey, 3, "server.bnd",
			"config grumpydb.toml: line 3: unknown key 'server.bnd'"},
		// go-toml names a key inside an inline table relative to that
		// table; the line is still exact.
		{"unknown inline key", "\ntls = { enabled = true, x = 1 }\n", ErrUnknownKey, 2, "x",
			"config grumpydb.toml: line 2: unknown key 'x'"},
		{"first of several unknown", "[http]\nbind = \"\"\nz = 1\n[server]\ny = 2\n", ErrUnknownKey, 3, "http.z",
			"config grumpydb.toml: line 3: unknown key 'http.z'"},
		{"unknown peer key", "[[cluster.peers]]\nnode_id = \"a\"\naddr = \"b:1\"\nrole = \"x\"\n", ErrUnknownKey, 4,
			"cluster.peers.role", "config grumpydb.toml: line 4: unknown key 'cluster.peers.role'"},
		{"string for integer", "[server]\nmax_connections = \"many\"\n", ErrType, 2, "server.max_connections",
			"config grumpydb.toml: line 2: invalid type for key 'server.max_connections': expected integer, found string"},
		{"integer for string", "[server]\nbind = 6380\n", ErrType, 2, "server.bind",
			"config grumpydb.toml: line 2: invalid type for key 'server.bind': expected string, found integer"},
		{"string for bool", "[tls]\nenabled = \"yes\"\n", ErrType, 2, "tls.enabled",
			"config grumpydb.toml: line 2: invalid type for key 'tls.enabled': expected boolean, found string"},
		{"float for integer", "[limits]\nmax_conns_per_ip = 1.5\n", ErrType, 2, "limits.max_conns_per_ip",
			"config grumpydb.toml: line 2: invalid type for key 'limits.max_conns_per_ip': expected integer, found float"},
		{"negative", "[server]\nidle_timeout_secs = -1\n", ErrType, 2, "server.idle_timeout_secs",
			"config grumpydb.toml: line 2: invalid value for key 'server.idle_timeout_secs': expected an integer from 0 to 4294967295"},
		{"too large", "[server]\nmax_connections = 4294967296\n", ErrType, 2, "server.max_connections",
			"config grumpydb.toml: line 2: invalid value for key 'server.max_connections': expected an integer from 0 to 4294967295"},
		{"too large for int64", "[cluster]\n[[cluster.peers]]\nlast_seen_at_unix = 99999999999999999999\n", ErrType, 3,
			"cluster.peers.last_seen_at_unix",
			"config grumpydb.toml: line 3: invalid value for key 'cluster.peers.last_seen_at_unix': expected an integer from 0 to 18446744073709551615"},
		{"table for value", "server = 1\n", ErrType, 1, "server",
			"config grumpydb.toml: line 1: invalid type for key 'server': expected table, found integer"},
		{"peers not array", "[cluster]\npeers = 3\n", ErrType, 2, "cluster.peers",
			"config grumpydb.toml: line 2: invalid type for key 'cluster.peers': expected array of tables, found integer"},
		{"bad array element", "[[cluster.peers]]\nvnode_assignments = [\"a\"]\n", ErrType, 2,
			"cluster.peers.vnode_assignments",
			"config grumpydb.toml: line 2: invalid type for key 'cluster.peers.vnode_assignments': expected array of integers, found string"},
		{"cluster_id integer", "[cluster]\ncluster_id = 5\n", ErrType, 2, "cluster.cluster_id",
			"config grumpydb.toml: line 2: invalid type for key 'cluster.cluster_id': expected string, found integer"},
		{"missing value", "[server]\nbind =\n", ErrSyntax, 2, "",
			"config grumpydb.toml: line 2: unexpected character U+000A at start of value"},
		{"unclosed table", "# c\n[server\n", ErrSyntax, 2, "",
			"config grumpydb.toml: line 2: expected ']' to close table name"},
		{"duplicate key", "[server]\nbind = \"a:1\"\nbind = \"b:2\"\n", ErrSyntax, 3, "bind",
			"config grumpydb.toml: line 3: key bind is already defined"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse("grumpydb.toml", []byte(c.doc))
			if err == nil {
				t.Fatal("no error")
			}
			if err.Error() != c.msg {
				t.Errorf("message\n got %q\nwant %q", err.Error(), c.msg)
			}
			if !errors.Is(err, c.kind) {
				t.Errorf("error %v is not %v", err, c.kind)
			}
			var fe *FileError
			if !errors.As(err, &fe) {
				t.Fatalf("%T is not *FileError", err)
			}
			if fe.Line != c.line || fe.Key != c.key || fe.Path != "grumpydb.toml" {
				t.Errorf("line %d key %q path %q, want line %d key %q", fe.Line, fe.Key, fe.Path, c.line, c.key)
			}
		})
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()

	missing := filepath.Join(dir, "none.toml")
	cfg, err := Load(missing)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Source != "" || !reflect.DeepEqual(cfg, Defaults()) {
		t.Fatalf("missing file: %+v", cfg)
	}

	good := filepath.Join(dir, "good.toml")
	if err := os.WriteFile(good, []byte("[server]\nbind = \"127.0.0.1:1\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, err = Load(good)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Source != good || cfg.Server.Bind != "127.0.0.1:1" || cfg.Server.DataDir != "./data" {
		t.Fatalf("good file: %+v", cfg)
	}

	bad := filepath.Join(dir, "bad.toml")
	if err := os.WriteFile(bad, []byte("[server]\n\nbnd = 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = Load(bad)
	if want := "config " + bad + ": line 3: unknown key 'server.bnd'"; err == nil || err.Error() != want {
		t.Fatalf("bad file: %v, want %q", err, want)
	}

	_, err = Load(dir) // a directory cannot be read as a file
	if want := "config " + dir + ": is a directory"; err == nil || err.Error() != want || !errors.Is(err, ErrRead) {
		t.Fatalf("directory: %v, want %q", err, want)
	}
}

func TestSchemaFieldWalk(t *testing.T) {
	cases := map[string]string{
		"server.bind":                     "string",
		"tls.enabled":                     "boolean",
		"cluster.cluster_id":              "string",
		"cluster.peers":                   "array of tables",
		"cluster.peers.vnode_assignments": "array of integers",
		"cluster.writers.collection":      "string",
		"limits":                          "table",
	}
	for key, want := range cases {
		ft, ok := schemaField(strings.Split(key, "."))
		if !ok {
			t.Errorf("%s: not found", key)
			continue
		}
		if got := describeType(ft); got != want {
			t.Errorf("%s: %s, want %s", key, got, want)
		}
	}
	for _, key := range []string{"", "server.nope", "server.bind.x", "source", "Source"} {
		if _, ok := schemaField(strings.Split(key, ".")); ok && key != "" {
			t.Errorf("%q: unexpectedly found", key)
		}
	}
	if _, ok := schemaField(nil); ok {
		t.Error("empty key found")
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(fullTOML))
	f.Add([]byte("[server]\nbnd = 1\n"))
	f.Add([]byte("[[cluster.peers]]\nnode_id = 1\n"))
	f.Add([]byte("tls = { enabled = true }\n"))
	f.Add([]byte("[server\n"))
	f.Add([]byte("a.b.c = [1, {x = 2}]\n"))
	f.Fuzz(func(t *testing.T, doc []byte) {
		cfg, err := Parse("f.toml", doc)
		if err != nil {
			var fe *FileError
			if !errors.As(err, &fe) {
				t.Fatalf("error %T %v is not a *FileError", err, err)
			}
			if !strings.HasPrefix(err.Error(), "config f.toml: ") || fe.Line < 0 {
				t.Fatalf("bad message %q", err.Error())
			}
			if !errors.Is(err, ErrUnknownKey) && !errors.Is(err, ErrSyntax) && !errors.Is(err, ErrType) {
				t.Fatalf("error %v wraps no sentinel", err)
			}
			return
		}
		if cfg == nil {
			t.Fatal("nil config without error")
		}
		_ = cfg.Validate() // must not panic
	})
}
