package e2e

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/grumpydb/grumpydb/server/internal/servertest"
)

// authTokenLine matches a LOGIN reply: "+TOKEN <access> <refresh>".
var authTokenLine = regexp.MustCompile(`^\+TOKEN [A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+ [A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\r\n$`)

// authRefreshLine matches a REFRESH reply: "+TOKEN <access>".
var authRefreshLine = regexp.MustCompile(`^\+TOKEN [A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\r\n$`)

// authConfig writes toml to a fresh file and returns the flags that make
// the server read it (a later --config overrides the harness's empty one).
func authConfig(t *testing.T, toml string) []string {
	t.Helper()
	f := filepath.Join(t.TempDir(), "auth.toml")
	if err := os.WriteFile(f, []byte(toml), 0o644); err != nil {
		t.Fatal(err)
	}
	return []string{"--config", f}
}

// authStartRaw runs the binary with exactly args (plus --data, --bind,
// --http-bind, --no-tls, --log-format) and env added to the process
// environment; unlike startServer it passes no --bootstrap-password.
func authStartRaw(t *testing.T, data string, env []string, args ...string) *proc {
	t.Helper()
	p := &proc{t: t, data: data, addr: freePort(t), httpAddr: freePort(t), stderr: &syncWriter{buf: &bytes.Buffer{}}, exited: make(chan struct{})}
	all := append([]string{"--no-tls", "--data", data, "--bind", p.addr, "--http-bind", p.httpAddr, "--log-format", "text"}, args...)
	return launch(t, p, append(authEnvWithout("GRUMPYDB_BOOTSTRAP_PASSWORD"), env...), all...)
}

// authEnvWithout is the test's environment minus the variable name.
func authEnvWithout(name string) []string {
	var out []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, name+"=") {
			out = append(out, kv)
		}
	}
	return out
}

// authLogin logs c in and returns the access and refresh tokens.
func authLogin(t *testing.T, c *servertest.Client, tenant, user, pw string) (string, string) {
	t.Helper()
	got := c.Do("LOGIN " + tenant + " " + user + " " + pw)
	if !authTokenLine.MatchString(got) {
		t.Fatalf("LOGIN %s %s: %q", tenant, user, got)
	}
	return servertest.Tokens(got)
}

// authJWT is a decoded compact JWS.
type authJWT struct {
	header, claims map[string]any
	signingInput   string
	sig            []byte
}

// authDecode splits and decodes tok, failing on any malformation.
func authDecode(t *testing.T, tok string) authJWT {
	t.Helper()
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		t.Fatalf("token %q: %d parts", tok, len(parts))
	}
	var j authJWT
	for i, dst := range []*map[string]any{&j.header, &j.claims} {
		raw, err := base64.RawURLEncoding.DecodeString(parts[i])
		if err != nil {
			t.Fatalf("token part %d: %v", i, err)
		}
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.UseNumber()
		if err := dec.Decode(dst); err != nil {
			t.Fatalf("token part %d %q: %v", i, raw, err)
		}
	}
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil {
		t.Fatalf("token signature: %v", err)
	}
	j.signingInput, j.sig = parts[0]+"."+parts[1], sig
	return j
}

// claimInt is an integer claim, failing when absent or not an integer.
func (j authJWT) claimInt(t *testing.T, name string) int64 {
	t.Helper()
	n, ok := j.claims[name].(json.Number)
	if !ok {
		t.Fatalf("claim %s = %#v", name, j.claims[name])
	}
	v, err := strconv.ParseInt(n.String(), 10, 64)
	if err != nil {
		t.Fatalf("claim %s = %s: %v", name, n, err)
	}
	return v
}

// ttl is exp − iat.
func (j authJWT) ttl(t *testing.T) int64 {
	t.Helper()
	return j.claimInt(t, "exp") - j.claimInt(t, "iat")
}

// authHTTP GETs url and returns status, content type and body.
func authHTTP(t *testing.T, url string) (int, string, []byte) {
	t.Helper()
	cl := &http.Client{Timeout: 10 * time.Second}
	resp, err := cl.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header.Get("Content-Type"), b
}

// authReadJSON decodes the JSON file at path into v.
func authReadJSON(t *testing.T, path string, v any) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

// authJWTConfig is _auth/jwt/config.json.
type authJWTConfig struct {
	Algorithm      string `json:"algorithm"`
	CurrentKid     string `json:"current_kid"`
	NextKid        string `json:"next_kid"`
	AccessTTLSecs  int64  `json:"access_ttl_secs"`
	RefreshTTLSecs int64  `json:"refresh_ttl_secs"`
}

// authDenied is the §6.6 denial line.
func authDenied(action, scope, sub string) string {
	return "-ERR access denied: " + action + " on " + scope + " denied for user '" + sub + "'"
}

// authColl renders Collection(d, c) as §6.6 does (plain names only).
func authColl(d, c string) string {
	return `Collection { database: "` + d + `", collection: "` + c + `" }`
}

// authDB renders Database(d) as §6.6 does (plain names only).
func authDB(d string) string { return `Database { name: "` + d + `" }` }

// authWaitPastSecond sleeps until the wall clock's unix second is past s.
func authWaitPastSecond(s int64) {
	for time.Now().Unix() <= s {
		time.Sleep(20 * time.Millisecond)
	}
}
