package client

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
)

func TestTLS(t *testing.T) {
	s := startServer(t, serverConfig{tls: true})
	ca := filepath.Join(s.data, "_auth", "server.crt")
	c := adminClient(t, s, func(o *Options) { o.TLS = true; o.CAFile = ca })
	db := c.Database("tlsdb")
	if err := db.CreateCollection(ctx(t), "c"); err != nil {
		t.Fatal(err)
	}
	if err := db.Insert(ctx(t), "c", keyN(1), "over TLS"); err != nil {
		t.Fatal(err)
	}
	if v, err := db.Get(ctx(t), "c", keyN(1)); err != nil || v.Str() != "over TLS" {
		t.Fatalf("get %s %v", v, err)
	}
	// "localhost" is in the certificate's SANs too.
	if _, err := Connect(ctx(t), Options{Host: "localhost", Port: s.port, TLS: true, CAFile: ca}); err != nil {
		t.Fatalf("localhost: %v", err)
	}
	// Verification on, CA not given: the self-signed certificate is refused.
	_, err := Connect(ctx(t), Options{Host: s.host, Port: s.port, TLS: true})
	if !errors.Is(err, ErrConnection) || !strings.Contains(err.Error(), "certificate") {
		t.Fatalf("without CA: %v", err)
	}
	// A wrong server name is refused as well.
	if _, err := Connect(ctx(t), Options{Host: s.host, Port: s.port, TLS: true, CAFile: ca, ServerName: "example.com"}); !errors.Is(err, ErrConnection) {
		t.Fatalf("wrong name: %v", err)
	}
	// Explicitly skipping verification works.
	ins := adminClient(t, s, func(o *Options) { o.TLS = true; o.InsecureSkipVerify = true })
	if err := ins.Ping(ctx(t)); err != nil {
		t.Fatal(err)
	}
	// Plain TCP against a TLS listener fails at the banner.
	if _, err := Connect(ctx(t), Options{Host: s.host, Port: s.port, DialTimeout: 500e6}); !errors.Is(err, ErrConnection) {
		t.Fatalf("plain against TLS: %v", err)
	}
	if _, err := Connect(ctx(t), Options{Host: s.host, Port: s.port, TLS: true, CAFile: filepath.Join(t.TempDir(), "none.pem")}); !errors.Is(err, ErrConnection) {
		t.Fatalf("missing CA file: %v", err)
	}
}
