package config

import "testing"

func sp(s string) *string { return &s }

func TestApplyFlags(t *testing.T) {
	type want struct {
		tls           bool
		cert, key     string
		httpBind      string
		bind, dataDir string
	}
	def := want{tls: false, httpBind: "0.0.0.0:6381", bind: "0.0.0.0:6380", dataDir: "./data"}
	cases := []struct {
		name    string
		tomlTLS bool
		flags   Flags
		want    want
	}{
		{"nothing", false, Flags{}, def},
		{"toml tls", true, Flags{}, want{tls: true, httpBind: def.httpBind, bind: def.bind, dataDir: def.dataDir}},
		{"--tls", false, Flags{TLS: true}, want{tls: true, httpBind: def.httpBind, bind: def.bind, dataDir: def.dataDir}},
		{"--tls-cert turns tls on", false, Flags{TLSCert: sp("c.pem")},
			want{tls: true, cert: "c.pem", httpBind: def.httpBind, bind: def.bind, dataDir: def.dataDir}},
		{"--tls-key turns tls on", false, Flags{TLSKey: sp("k.pem")},
			want{tls: true, key: "k.pem", httpBind: def.httpBind, bind: def.bind, dataDir: def.dataDir}},
		{"--no-tls over toml", true, Flags{NoTLS: true}, def},
		{"--no-tls over --tls", false, Flags{TLS: true, NoTLS: true}, def},
		{"--no-tls over --tls-cert keeps the path", true, Flags{TLSCert: sp("c"), TLSKey: sp("k"), NoTLS: true},
			want{cert: "c", key: "k", httpBind: def.httpBind, bind: def.bind, dataDir: def.dataDir}},
		{"--http-bind", false, Flags{HTTPBind: sp("127.0.0.1:9")},
			want{httpBind: "127.0.0.1:9", bind: def.bind, dataDir: def.dataDir}},
		{"--no-http over --http-bind", false, Flags{HTTPBind: sp("127.0.0.1:9"), NoHTTP: true},
			want{httpBind: "", bind: def.bind, dataDir: def.dataDir}},
		{"--no-http alone", false, Flags{NoHTTP: true}, want{httpBind: "", bind: def.bind, dataDir: def.dataDir}},
		{"--bind --data", false, Flags{Bind: sp("127.0.0.1:1"), DataDir: sp("/tmp/d")},
			want{httpBind: def.httpBind, bind: "127.0.0.1:1", dataDir: "/tmp/d"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg := Defaults()
			cfg.TLS.Enabled = c.tomlTLS
			cfg.ApplyFlags(&c.flags)
			got := want{tls: cfg.TLS.Enabled, cert: cfg.TLS.CertFile, key: cfg.TLS.KeyFile,
				httpBind: cfg.HTTP.Bind, bind: cfg.Server.Bind, dataDir: cfg.Server.DataDir}
			if got != c.want {
				t.Fatalf("got %+v, want %+v", got, c.want)
			}
		})
	}
}

func TestApplyFlagsOverridesTOMLPaths(t *testing.T) {
	cfg, err := Parse("t.toml", []byte("[tls]\ncert_file = \"a.crt\"\nkey_file = \"a.key\"\n[http]\nbind = \"127.0.0.1:1\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	cfg.ApplyFlags(&Flags{TLSCert: sp("b.crt")})
	if cfg.TLS.CertFile != "b.crt" || cfg.TLS.KeyFile != "a.key" || !cfg.TLS.Enabled || cfg.HTTP.Bind != "127.0.0.1:1" {
		t.Fatalf("got %+v %+v", cfg.TLS, cfg.HTTP)
	}
}

func TestConfigFile(t *testing.T) {
	if got := (&Flags{}).ConfigFile(); got != "grumpydb.toml" {
		t.Fatalf("default %q", got)
	}
	if got := (&Flags{ConfigPath: sp("/etc/g.toml")}).ConfigFile(); got != "/etc/g.toml" {
		t.Fatalf("given %q", got)
	}
}

func TestResolveLogFormat(t *testing.T) {
	cases := []struct {
		flag     *string
		terminal bool
		want     LogFormat
	}{
		{nil, true, LogText},
		{nil, false, LogJSON},
		{sp("json"), true, LogJSON},
		{sp("json"), false, LogJSON},
		{sp("text"), false, LogText},
		{sp("text"), true, LogText},
		{sp("xml"), false, LogText},
		{sp(""), false, LogText},
		{sp("JSON"), false, LogText},
	}
	for _, c := range cases {
		f := Flags{LogFormat: c.flag}
		if got := f.ResolveLogFormat(c.terminal); got != c.want {
			v := "<nil>"
			if c.flag != nil {
				v = *c.flag
			}
			t.Errorf("--log-format %s terminal=%v: %q, want %q", v, c.terminal, got, c.want)
		}
	}
}

func TestResolveBootstrapPassword(t *testing.T) {
	env := func(v string) func(string) string {
		return func(k string) string {
			if k == BootstrapPasswordEnv {
				return v
			}
			return "wrong-variable"
		}
	}
	cases := []struct {
		flag   *string
		getenv func(string) string
		pw     string
		ok     bool
	}{
		{sp("flagpw"), env("envpw"), "flagpw", true},
		{nil, env("envpw"), "envpw", true},
		{sp(""), env("envpw"), "envpw", true},
		{nil, env(""), "", false},
		{nil, nil, "", false},
		{sp("p w"), nil, "p w", true},
	}
	for i, c := range cases {
		f := Flags{BootstrapPassword: c.flag}
		pw, ok := f.ResolveBootstrapPassword(c.getenv)
		if pw != c.pw || ok != c.ok {
			t.Errorf("case %d: %q %v, want %q %v", i, pw, ok, c.pw, c.ok)
		}
	}
}
