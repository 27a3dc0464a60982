package config

// Flags holds the command-line flags of §9.2 that bear on the
// configuration, as parsed by the command (which owns the flag parser). A
// nil pointer or false means "not given"; for a flag given several times the
// parser stores the last value.
type Flags struct {
	// ConfigPath is --config.
	ConfigPath *string
	// DataDir, Bind and HTTPBind are --data, --bind and --http-bind.
	DataDir  *string
	Bind     *string
	HTTPBind *string
	// NoHTTP is --no-http: HTTP off whatever else says.
	NoHTTP bool
	// TLS is --tls.
	TLS bool
	// TLSCert and TLSKey are --tls-cert and --tls-key; each also turns
	// TLS on.
	TLSCert *string
	TLSKey  *string
	// NoTLS is --no-tls: TLS off whatever else says, wherever it appeared.
	NoTLS bool
	// BootstrapPassword is --bootstrap-password (§5.5).
	BootstrapPassword *string
	// LogFormat is --log-format.
	LogFormat *string
}

// BootstrapPasswordEnv is the environment variable consulted when
// --bootstrap-password is absent (§5.5).
const BootstrapPasswordEnv = "GRUMPYDB_BOOTSTRAP_PASSWORD"

// LogFormat is the log output format.
type LogFormat string

// The two log formats of --log-format.
const (
	LogText LogFormat = "text"
	LogJSON LogFormat = "json"
)

// ConfigFile is the TOML file to load: --config, else DefaultPath.
func (f *Flags) ConfigFile() string {
	if f.ConfigPath != nil {
		return *f.ConfigPath
	}
	return DefaultPath
}

// ApplyFlags overrides c with the flags, as §9.2 and §2.6 order it: --data,
// --bind and --http-bind replace their keys; --tls-cert and --tls-key set
// the paths and turn TLS on, as does --tls; then --no-http clears http.bind
// and --no-tls turns TLS off, so those two always win.
func (c *Config) ApplyFlags(f *Flags) {
	if f.DataDir != nil {
		c.Server.DataDir = *f.DataDir
	}
	if f.Bind != nil {
		c.Server.Bind = *f.Bind
	}
	if f.HTTPBind != nil {
		c.HTTP.Bind = *f.HTTPBind
	}
	if f.TLSCert != nil {
		c.TLS.CertFile = *f.TLSCert
		c.TLS.Enabled = true
	}
	if f.TLSKey != nil {
		c.TLS.KeyFile = *f.TLSKey
		c.TLS.Enabled = true
	}
	if f.TLS {
		c.TLS.Enabled = true
	}
	if f.NoHTTP {
		c.HTTP.Bind = ""
	}
	if f.NoTLS {
		c.TLS.Enabled = false
	}
}

// ResolveLogFormat is the effective --log-format: the flag's value when it
// is exactly "json" or "text", "text" for any other value, and when the
// flag is absent "text" if the log stream is a terminal, else "json".
func (f *Flags) ResolveLogFormat(logIsTerminal bool) LogFormat {
	if f.LogFormat == nil {
		if logIsTerminal {
			return LogText
		}
		return LogJSON
	}
	if LogFormat(*f.LogFormat) == LogJSON {
		return LogJSON
	}
	return LogText
}

// ResolveBootstrapPassword is the bootstrap password of §5.5: the flag's
// value when given and non-empty, else the environment variable's as
// returned by getenv (pass os.Getenv). ok is false when neither supplies
// one.
func (f *Flags) ResolveBootstrapPassword(getenv func(string) string) (pw string, ok bool) {
	if f.BootstrapPassword != nil && *f.BootstrapPassword != "" {
		return *f.BootstrapPassword, true
	}
	if getenv != nil {
		if v := getenv(BootstrapPasswordEnv); v != "" {
			return v, true
		}
	}
	return "", false
}
