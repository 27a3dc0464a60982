package dispatch

import (
	"github.com/grumpydb/grumpydb/engine"
	"github.com/grumpydb/grumpydb/protocol"
)

// Pending collects the commits of document writes run with deferred
// durability (Request.Defer): each is applied but not yet durable, and no
// response that depends on one may reach the client before Wait returns
// nil. One Wait costs one fsync for the whole group, which is what lets a
// pipelining client's writes share their flushes. The zero value is ready
// to use; a Pending belongs to one session.
type Pending struct {
	waits []engine.Durable
}

// Len is the number of commits not yet waited for.
func (p *Pending) Len() int { return len(p.waits) }

// Wait blocks until every collected commit is durable and forgets them. It
// returns the first failure: then none of them may be acknowledged.
func (p *Pending) Wait() error {
	var first error
	for _, d := range p.waits {
		if err := d.Wait(); err != nil && first == nil {
			first = err
		}
	}
	clear(p.waits)
	p.waits = p.waits[:0]
	return first
}

// Deferrable reports whether verb is a document write whose commit may be
// deferred: INSERT, UPDATE, DELETE, PUT_WITH_VC and INSERTMANY. They touch
// documents only (no files are created or dropped) and their responses
// carry nothing but the outcome.
func Deferrable(verb protocol.Verb) bool {
	switch verb {
	case protocol.VerbInsert, protocol.VerbUpdate, protocol.VerbDelete, protocol.VerbPutWithVC, protocol.VerbInsertMany:
		return true
	}
	return false
}

// write runs fn in one write transaction of db: durable before it returns,
// or, when r.Defer is set, applied and added to r.Defer.
func write(r Request, db *engine.DB, fn func(tx *engine.Tx) error) error {
	if r.Defer == nil {
		return db.Update(fn)
	}
	d, err := db.UpdateDeferred(fn)
	if err != nil {
		return err
	}
	r.Defer.waits = append(r.Defer.waits, d)
	return nil
}
