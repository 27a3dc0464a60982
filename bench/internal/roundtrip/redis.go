package roundtrip

import (
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

// redis is a running redis-server, the loopback anchor.
type redis struct {
	proc    *process
	bin     string
	dir     string
	addr    string
	version string
}

// redisArgs are the flags after --port: loopback only, no RDB snapshots,
// and an append-only file fsynced before every acknowledgement, so a +OK
// means durable as GrumpyDB's does.
func redisArgs(port int, dir string) []string {
	return []string{
		"--port", strconv.Itoa(port), "--bind", "127.0.0.1", "--dir", dir,
		"--save", "", "--appendonly", "yes", "--appendfsync", "always", "--daemonize", "no",
	}
}

// startRedis starts bin with its data in the fresh directory dir.
func startRedis(bin, dir string) (*redis, error) {
	dir, err := filepath.Abs(dir) // --dir must not depend on the process's directory
	if err != nil {
		return nil, err
	}
	if err := os.RemoveAll(dir); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	bin, err = filepath.Abs(bin) // the process runs in dir
	if err != nil {
		return nil, err
	}
	r := &redis{bin: bin, dir: dir}
	if v, err := exec.Command(bin, "--version").Output(); err == nil {
		r.version = strings.TrimSpace(string(v))
	}
	var lastErr error
	for range 3 {
		port, err := freePort()
		if err != nil {
			return nil, err
		}
		r.addr = loopbackAddr(port)
		r.proc, err = startProcess("redis-server", dir, bin, redisArgs(port, dir))
		if err != nil {
			return nil, err
		}
		if lastErr = r.proc.waitListening(r.addr); lastErr == nil {
			return r, nil
		}
		_ = r.proc.stop()
	}
	return nil, lastErr
}

func (r *redis) label() string { return "redis" }

// dial connects and waits for PING to answer +PONG (Redis answers
// -LOADING while it reads its append-only file).
func (r *redis) dial() (*conn, error) {
	c, err := dialConn(r.addr, readyTimeout)
	if err != nil {
		return nil, err
	}
	c.deadline(time.Now().Add(readyTimeout))
	defer c.deadline(time.Time{})
	for {
		err := c.expectSimple([]byte("PING\r\n"), "PONG")
		if err == nil {
			return c, nil
		}
		if !strings.Contains(err.Error(), "LOADING") {
			c.close()
			return nil, err
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// probe checks the connection answers PING.
func (r *redis) probe(c *conn) error { return c.expectSimple([]byte("PING\r\n"), "PONG") }

// enter selects the space's database.
func (r *redis) enter(c *conn, sp space) error {
	db := 0
	if sp == spaceS2 {
		db = 1
	}
	if c.db == db {
		return nil
	}
	c.deadline(time.Now().Add(readyTimeout))
	defer c.deadline(time.Time{})
	if err := c.expectSimple([]byte("SELECT "+strconv.Itoa(db)+"\r\n"), "OK"); err != nil {
		return err
	}
	c.db = db
	return nil
}

// getRequest is the inline command `GET <uuid>`.
func (r *redis) getRequest(dst []byte, key uuid.UUID) []byte {
	dst = append(dst, "GET "...)
	dst = append(dst, key.String()...)
	return append(dst, '\r', '\n')
}

// insertRequest is `SET <uuid> <json>` as a RESP array: Redis's inline
// parser treats double quotes as quoting, so the JSON could not be sent
// inline unchanged.
func (r *redis) insertRequest(dst []byte, key uuid.UUID, doc []byte) []byte {
	dst = protocol.AppendArrayHeader(dst, 3)
	dst = protocol.AppendBulkString(dst, "SET")
	dst = protocol.AppendBulkString(dst, key.String())
	return protocol.AppendBulk(dst, doc)
}

// load stores the data set in database 0 with pipelined SETs and checks
// DBSIZE.
func (r *redis) load(c *conn, keys []uuid.UUID, docs [][]byte) error {
	if err := r.enter(c, spaceS1); err != nil {
		return err
	}
	c.deadline(time.Now().Add(readyTimeout))
	defer c.deadline(time.Time{})
	if err := c.expectSimple([]byte("FLUSHDB\r\n"), "OK"); err != nil {
		return err
	}
	for lo := 0; lo < len(keys); lo += loadBatch {
		hi := min(lo+loadBatch, len(keys))
		c.buf = c.buf[:0]
		for i := lo; i < hi; i++ {
			c.buf = r.insertRequest(c.buf, keys[i], docs[i])
		}
		if err := c.send(c.buf); err != nil {
			return err
		}
		for i := lo; i < hi; i++ {
			resp, err := c.read()
			if err != nil {
				return err
			}
			if !okReply(resp) {
				return fmt.Errorf("loading key %d: SET answered %s", i, describe(resp))
			}
		}
	}
	n, err := r.dbsize(c)
	if err != nil {
		return err
	}
	if n != int64(len(keys)) {
		return verifyErr("redis DBSIZE = %d after loading %d keys", n, len(keys))
	}
	return nil
}

// freshIns empties database 1.
func (r *redis) freshIns(c *conn) error {
	if err := r.enter(c, spaceS2); err != nil {
		return err
	}
	c.deadline(time.Now().Add(readyTimeout))
	defer c.deadline(time.Time{})
	return c.expectSimple([]byte("FLUSHDB\r\n"), "OK")
}

// countIns is DBSIZE of database 1.
func (r *redis) countIns(c *conn) (int64, error) {
	if err := r.enter(c, spaceS2); err != nil {
		return 0, err
	}
	c.deadline(time.Now().Add(readyTimeout))
	defer c.deadline(time.Time{})
	return r.dbsize(c)
}

func (r *redis) dbsize(c *conn) (int64, error) {
	resp, err := c.do([]byte("DBSIZE\r\n"))
	if err != nil {
		return 0, err
	}
	if resp.Kind != protocol.KindInteger {
		return 0, fmt.Errorf("DBSIZE answered %s", describe(resp))
	}
	return resp.Int, nil
}

func (r *redis) remark() string {
	v := r.version
	if v == "" {
		v = "redis-server"
	}
	return fmt.Sprintf("%s (%s) with `%s`: S1 sends inline `GET <uuid>`; S2 sends `SET <uuid> <json>` as a RESP array "+
		"(the JSON holds double quotes, which Redis's inline parser would take as quoting), into database 1, emptied with FLUSHDB before each sample",
		v, r.bin, strings.Join(quoteEmpty(redisArgs(0, r.dir)[2:]), " "))
}

// quoteEmpty shows empty arguments as "".
func quoteEmpty(args []string) []string {
	out := make([]string, len(args))
	for i, a := range args {
		if a == "" {
			a = `""`
		}
		out[i] = a
	}
	return out
}

func (r *redis) stop() error { return r.proc.stop() }
