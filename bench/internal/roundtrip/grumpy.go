package roundtrip

import (
	"context"
	"crypto/rand"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/grumpydb/grumpydb/protocol"
)

// ServerPackage is the import path of the server command that is built
// when no binary is given.
const ServerPackage = "github.com/grumpydb/grumpydb/server/cmd/grumpydb-server"

// Names in the server: S1's database and collection (§4.5) and S2's
// collection.
const (
	database = "bench"
	s1Coll   = "bench"
	s2Coll   = "ins"
)

// loadBatch is how many documents one untimed INSERTMANY loads.
const loadBatch = 1000

// BuildServer builds the grumpydb-server binary into dir with `go build`,
// run in the current directory (which must be inside the GrumpyDB
// workspace), and returns its path.
func BuildServer(dir string) (string, error) {
	out := filepath.Join(dir, "grumpydb-server")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", "build", "-o", out, ServerPackage)
	if b, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("%w: go build %s (run from inside the repository, or pass the binary): %w\n%s",
			ErrStart, ServerPackage, err, b)
	}
	return out, nil
}

// grumpy is a running grumpydb-server.
type grumpy struct {
	proc     *process
	bin      string
	origin   string // how the binary came to be ("built …", "given …")
	dataDir  string
	addr     string
	password string
	version  string
	probed   string // what the loopback-bypass probe found
}

// bypassProbe is how many PINGs the probe pipelines: more than the
// default per-IP burst of 200 commands (PROTOCOL.md §5.6), so a
// connection that is not exempt sees `-ERR rate limited`.
const bypassProbe = 300

// startGrumpy starts bin on a fresh data directory under dir, its working
// directory, where no configuration file exists.
func startGrumpy(bin, origin, dir string) (*grumpy, error) {
	dir, err := filepath.Abs(dir) // --data must not depend on the process's directory
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	if _, err := os.Stat(filepath.Join(dir, "grumpydb.toml")); err == nil {
		return nil, fmt.Errorf("%w: %s holds a grumpydb.toml: the server must run with its defaults", ErrConfig, dir)
	}
	bin, err = filepath.Abs(bin) // the process runs in dir
	if err != nil {
		return nil, err
	}
	pw, err := randomPassword(32)
	if err != nil {
		return nil, err
	}
	g := &grumpy{bin: bin, origin: origin, dataDir: filepath.Join(dir, "data"), password: pw}
	if v, err := exec.Command(bin, "--version").Output(); err == nil {
		g.version = strings.TrimSpace(string(v))
	}
	var lastErr error
	for range 3 { // a free port can be taken between probe and bind
		port, err := freePort()
		if err != nil {
			return nil, err
		}
		g.addr = loopbackAddr(port)
		if err := os.RemoveAll(g.dataDir); err != nil {
			return nil, err
		}
		args := []string{"--data", g.dataDir, "--no-tls", "--bind", g.addr, "--no-http", "--bootstrap-password", pw}
		g.proc, err = startProcess("grumpydb-server", dir, bin, args)
		if err != nil {
			return nil, err
		}
		if lastErr = g.proc.waitListening(g.addr); lastErr == nil {
			return g, nil
		}
		_ = g.proc.stop()
	}
	return nil, lastErr
}

// randomPassword returns n random alphanumeric characters.
func randomPassword(n int) (string, error) {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b), nil
}

func (g *grumpy) label() string { return "grumpydb" }

// dial reads the banner, logs in as the bootstrap administrator and
// selects database bench (created by the first USE).
func (g *grumpy) dial() (*conn, error) {
	c, err := dialConn(g.addr, readyTimeout)
	if err != nil {
		return nil, err
	}
	c.deadline(time.Now().Add(readyTimeout))
	if err := g.handshake(c); err != nil {
		c.close()
		return nil, err
	}
	c.deadline(time.Time{})
	return c, nil
}

func (g *grumpy) handshake(c *conn) error {
	line, err := c.rd.ReadString('\n')
	if err != nil {
		return fmt.Errorf("reading the banner: %w", err)
	}
	if line != protocol.Banner {
		return fmt.Errorf("banner %q, want %q", line, protocol.Banner)
	}
	r, err := c.doCommand(protocol.Command{Verb: protocol.VerbLogin, Tenant: "_system", User: "admin", Password: g.password})
	if err != nil {
		return fmt.Errorf("LOGIN: %w", err)
	}
	if r.Kind != protocol.KindSimple || !strings.HasPrefix(r.Text, "TOKEN ") {
		return fmt.Errorf("LOGIN _system admin answered %s", describe(r))
	}
	c.buf = appendLine(c.buf[:0], &protocol.Command{Verb: protocol.VerbUse, Name: database})
	return c.expectSimple(c.buf, "OK")
}

// enter is a no-op: each request names its collection.
func (g *grumpy) enter(*conn, space) error { return nil }

func (g *grumpy) getRequest(dst []byte, key uuid.UUID) []byte {
	return appendLine(dst, &protocol.Command{Verb: protocol.VerbGet, Collection: s1Coll, Key: key.String()})
}

func (g *grumpy) insertRequest(dst []byte, key uuid.UUID, doc []byte) []byte {
	return appendLine(dst, &protocol.Command{Verb: protocol.VerbInsert, Collection: s2Coll, Key: key.String(), JSON: string(doc)})
}

// load creates collection bench and fills it with durable INSERTMANY
// transactions of loadBatch documents, then checks the count and flushes.
func (g *grumpy) load(c *conn, keys []uuid.UUID, docs [][]byte) error {
	c.deadline(time.Now().Add(readyTimeout))
	defer c.deadline(time.Time{})
	c.buf = appendLine(c.buf[:0], &protocol.Command{Verb: protocol.VerbCreateCollection, Name: s1Coll})
	if err := c.expectSimple(c.buf, "OK"); err != nil {
		return err
	}
	var batch []byte
	for lo := 0; lo < len(keys); lo += loadBatch {
		hi := min(lo+loadBatch, len(keys))
		batch = append(batch[:0], '[')
		for i := lo; i < hi; i++ {
			if i > lo {
				batch = append(batch, ',')
			}
			batch = append(batch, `["`...)
			batch = append(batch, keys[i].String()...)
			batch = append(batch, `",`...)
			batch = append(batch, docs[i]...)
			batch = append(batch, ']')
		}
		batch = append(batch, ']')
		c.buf = appendLine(c.buf[:0], &protocol.Command{Verb: protocol.VerbInsertMany, Collection: s1Coll, JSON: string(batch)})
		if err := c.expectSimple(c.buf, "OK "+strconv.Itoa(hi-lo)); err != nil {
			return fmt.Errorf("loading %s: %w", s1Coll, err)
		}
	}
	n, err := g.count(c, s1Coll)
	if err != nil {
		return err
	}
	if n != int64(len(keys)) {
		return verifyErr("COUNT %s = %d after loading %d documents", s1Coll, n, len(keys))
	}
	c.buf = appendLine(c.buf[:0], &protocol.Command{Verb: protocol.VerbFlush})
	return c.expectSimple(c.buf, "OK")
}

// probe pipelines bypassProbe PINGs in one write: a loopback connection
// that does not bypass the command limit is refused part of them.
func (g *grumpy) probe(c *conn) error {
	c.deadline(time.Now().Add(readyTimeout))
	defer c.deadline(time.Time{})
	var b []byte
	for range bypassProbe {
		b = appendLine(b, &protocol.Command{Verb: protocol.VerbPing})
	}
	if err := c.send(b); err != nil {
		return err
	}
	refused := 0
	for range bypassProbe {
		r, err := c.read()
		if err != nil {
			return fmt.Errorf("bypass probe: %w", err)
		}
		if r.Kind != protocol.KindSimple || r.Text != "PONG" {
			refused++
		}
	}
	if refused > 0 {
		return fmt.Errorf("%w: %d of %d pipelined PINGs from 127.0.0.1 refused", ErrNotExempt, refused, bypassProbe)
	}
	g.probed = fmt.Sprintf("%d pipelined PINGs, over the 200-command per-IP burst, all answered +PONG", bypassProbe)
	return nil
}

// freshIns drops collection ins if it exists and creates it again.
func (g *grumpy) freshIns(c *conn) error {
	c.deadline(time.Now().Add(readyTimeout))
	defer c.deadline(time.Time{})
	r, err := c.doCommand(protocol.Command{Verb: protocol.VerbDropCollection, Name: s2Coll})
	if err != nil {
		return err
	}
	if !okReply(r) && !(r.Kind == protocol.KindError && r.Text == "ERR collection not found: "+s2Coll) {
		return fmt.Errorf("DROP COLLECTION %s answered %s", s2Coll, describe(r))
	}
	c.buf = appendLine(c.buf[:0], &protocol.Command{Verb: protocol.VerbCreateCollection, Name: s2Coll})
	return c.expectSimple(c.buf, "OK")
}

func (g *grumpy) countIns(c *conn) (int64, error) {
	c.deadline(time.Now().Add(readyTimeout))
	defer c.deadline(time.Time{})
	return g.count(c, s2Coll)
}

// count sends COUNT coll.
func (g *grumpy) count(c *conn, coll string) (int64, error) {
	r, err := c.doCommand(protocol.Command{Verb: protocol.VerbCount, Collection: coll})
	if err != nil {
		return 0, err
	}
	if r.Kind != protocol.KindInteger {
		return 0, fmt.Errorf("COUNT %s answered %s", coll, describe(r))
	}
	return r.Int, nil
}

// remark states what ran and how the loopback bypass was confirmed.
func (g *grumpy) remark() string {
	v := g.version
	if v == "" {
		v = "grumpydb-server"
	}
	conf := "its configuration source is not in its log"
	if strings.Contains(g.proc.log(), "no configuration file; using the defaults") {
		conf = `it logged "no configuration file; using the defaults", so limits.bypass_loopback = true`
	}
	probe := g.probed
	if probe == "" {
		probe = "not run"
	}
	return fmt.Sprintf("%s (%s) on a fresh data directory with `--no-tls --bind %s --no-http --bootstrap-password <32 random characters>` "+
		"and no configuration file; loopback bypass in effect: %s; probe: %s",
		v, g.origin, g.addr, conf, probe)
}

func (g *grumpy) stop() error { return g.proc.stop() }
