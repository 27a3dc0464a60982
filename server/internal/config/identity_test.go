package config

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestNodeIdentityCreateRead(t *testing.T) {
	dir := t.TempDir()
	now := time.Unix(1700000000, 0)
	id, created, err := LoadOrCreateNodeIdentity(dir, now)
	if err != nil || !created {
		t.Fatalf("first start: %v created=%v", err, created)
	}
	if !canonicalV4.MatchString(id.NodeID) || !canonicalV4.MatchString(id.ClusterID) || id.NodeID == id.ClusterID {
		t.Fatalf("ids %q %q", id.NodeID, id.ClusterID)
	}
	if id.CreatedAtUnix != 1700000000 || id.IdentityVersion != 1 {
		t.Fatalf("identity %+v", id)
	}
	path := filepath.Join(dir, "_cluster", "node.json")
	if NodeIdentityPath(dir) != path {
		t.Fatalf("path %q", NodeIdentityPath(dir))
	}
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().Perm() != 0o644 {
		t.Fatalf("node.json mode: %v %v", fi, err)
	}
	raw, _ := os.ReadFile(path)
	want := "{\n  \"node_id\": \"" + id.NodeID + "\",\n  \"cluster_id\": \"" + id.ClusterID +
		"\",\n  \"created_at_unix\": 1700000000,\n  \"identity_version\": 1\n}\n"
	if string(raw) != want {
		t.Fatalf("node.json\n%s\nwant\n%s", raw, want)
	}
	again, created, err := LoadOrCreateNodeIdentity(dir, now.Add(time.Hour))
	if err != nil || created || !reflect.DeepEqual(again, id) {
		t.Fatalf("second start: %+v created=%v %v", again, created, err)
	}
	ents, _ := os.ReadDir(filepath.Dir(path))
	if len(ents) != 1 {
		t.Fatalf("_cluster holds %d entries, want 1", len(ents))
	}
}

func TestCreateNodeIdentityRefusesOverwrite(t *testing.T) {
	dir := t.TempDir()
	first, err := NewNodeIdentity("", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := CreateNodeIdentity(dir, first); err != nil {
		t.Fatal(err)
	}
	second, _ := NewNodeIdentity("", time.Now())
	err = CreateNodeIdentity(dir, second)
	want := "identity already exists at " + NodeIdentityPath(dir) + " — refusing to overwrite"
	if err == nil || err.Error() != want || !errors.Is(err, ErrIdentityExists) {
		t.Fatalf("got %v, want %q", err, want)
	}
	got, err := ReadNodeIdentity(dir)
	if err != nil || got.NodeID != first.NodeID {
		t.Fatalf("identity changed: %+v %v", got, err)
	}
}

func TestNewNodeIdentityClusterID(t *testing.T) {
	id, err := NewNodeIdentity("6F1C2B0E-8D5A-4C1E-9B7A-2F3D4E5F6A7B", time.Unix(5, 0))
	if err != nil || id.ClusterID != "6f1c2b0e-8d5a-4c1e-9b7a-2f3d4e5f6a7b" || id.CreatedAtUnix != 5 {
		t.Fatalf("%+v %v", id, err)
	}
	if _, err := NewNodeIdentity("nope", time.Now()); !errors.Is(err, ErrInvalidUUID) {
		t.Fatalf("bad cluster id: %v", err)
	}
}

func TestReadNodeIdentityMissing(t *testing.T) {
	_, err := ReadNodeIdentity(t.TempDir())
	if !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("got %v", err)
	}
}

func TestParseNodeIdentity(t *testing.T) {
	const cid = `"cluster_id":"6f1c2b0e-8d5a-4c1e-9b7a-2f3d4e5f6a7b"`
	ok := []struct {
		doc  string
		want NodeIdentity
	}{
		{`{"node_id":"n",` + cid + `,"created_at_unix":7,"identity_version":1}`,
			NodeIdentity{"n", "6f1c2b0e-8d5a-4c1e-9b7a-2f3d4e5f6a7b", 7, 1}},
		{`{"node_id":"n",` + cid + `,"created_at_unix":7}`,
			NodeIdentity{"n", "6f1c2b0e-8d5a-4c1e-9b7a-2f3d4e5f6a7b", 7, 1}},
		{` {"created_at_unix":-3,"node_id":"n",` + cid + `,"extra":[1],"identity_version":0} `,
			NodeIdentity{"n", "6f1c2b0e-8d5a-4c1e-9b7a-2f3d4e5f6a7b", -3, 0}},
	}
	for _, c := range ok {
		got, err := ParseNodeIdentity([]byte(c.doc))
		if err != nil || *got != c.want {
			t.Errorf("%s: %+v %v", c.doc, got, err)
		}
	}
	bad := []struct{ doc, msg string }{
		{``, "malformed node.json: empty file"},
		{`[]`, "malformed node.json: expected a JSON object"},
		{`"x"`, "malformed node.json: expected a JSON object"},
		{`{"a" 1}`, "malformed node.json: invalid character '1' after object key"},
		{`null`, "malformed node.json: expected a JSON object"},
		{`{"node_id":"n"`, "malformed node.json: unexpected EOF"},
		{`{} {}`, "malformed node.json: unexpected data after the JSON object"},
		{`{` + cid + `,"created_at_unix":1}`, "malformed node.json: missing node_id"},
		{`{"node_id":5,` + cid + `,"created_at_unix":1}`, "malformed node.json: node_id must be a string"},
		{`{"node_id":null,` + cid + `,"created_at_unix":1}`, "malformed node.json: node_id must be a string"},
		{`{"node_id":"",` + cid + `,"created_at_unix":1}`, "malformed node.json: node_id is empty"},
		{`{"node_id":"n","created_at_unix":1}`, "malformed node.json: missing cluster_id"},
		{`{"node_id":"n","cluster_id":"c","created_at_unix":1}`,
			"malformed node.json: cluster_id: invalid UUID: invalid length 1"},
		{`{"node_id":"n",` + cid + `}`, "malformed node.json: missing created_at_unix"},
		{`{"node_id":"n",` + cid + `,"created_at_unix":1.5}`,
			"malformed node.json: created_at_unix must be an integer, got 1.5"},
		{`{"node_id":"n",` + cid + `,"created_at_unix":"1"}`,
			`malformed node.json: created_at_unix must be an integer, got "1"`},
		{`{"node_id":"n",` + cid + `,"created_at_unix":1e3}`,
			"malformed node.json: created_at_unix must be an integer, got 1e3"},
		{`{"node_id":"n",` + cid + `,"created_at_unix":1,"identity_version":null}`,
			"malformed node.json: identity_version must be an integer, got null"},
		{`{"node_id":"n",` + cid + `,"created_at_unix":1,"identity_version":2}`,
			"unknown identity version 2; this server requires <= 1"},
		{`{"node_id":"n",` + cid + `,"created_at_unix":1,"identity_version":99}`,
			"unknown identity version 99; this server requires <= 1"},
	}
	for _, c := range bad {
		_, err := ParseNodeIdentity([]byte(c.doc))
		if err == nil || err.Error() != c.msg {
			t.Errorf("%s:\n got %v\nwant %s", c.doc, err, c.msg)
			continue
		}
		wantKind := ErrMalformedIdentity
		if strings.HasPrefix(c.msg, "unknown identity") {
			wantKind = ErrIdentityVersion
		}
		if !errors.Is(err, wantKind) {
			t.Errorf("%s: %v does not wrap %v", c.doc, err, wantKind)
		}
	}
}

func FuzzParseNodeIdentity(f *testing.F) {
	good, _ := NewNodeIdentity("", time.Unix(1, 0))
	f.Add(good.Marshal())
	f.Add([]byte(`{"node_id":"n","cluster_id":"6f1c2b0e8d5a4c1e9b7a2f3d4e5f6a7b","created_at_unix":7}`))
	f.Add([]byte(`{"identity_version":2}`))
	f.Add([]byte(`[1,2]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		id, err := ParseNodeIdentity(data)
		if err != nil {
			if !errors.Is(err, ErrMalformedIdentity) && !errors.Is(err, ErrIdentityVersion) {
				t.Fatalf("error %v wraps no sentinel", err)
			}
			return
		}
		if id.NodeID == "" || id.IdentityVersion > CurrentIdentityVersion {
			t.Fatalf("accepted invalid identity %+v", id)
		}
		// What was accepted re-encodes to something that parses the same.
		again, err := ParseNodeIdentity(id.Marshal())
		if err != nil || *again != *id {
			t.Fatalf("round trip of %+v: %+v %v", id, again, err)
		}
	})
}
