package engine

// Durable is the outstanding durability of a commit made with
// UpdateDeferred or Tx.CommitDeferred.
//
// Such a commit is applied when it returns: it is ordered after every
// earlier commit, and later write transactions (of any goroutine) build on
// it. It is not yet durable, and readers do not see it yet — not even the
// goroutine that made it — until Wait returns nil (or a later commit's
// Wait has published it: one fsync covers every earlier commit). A crash
// before then may lose it, so nothing that depends on the commit may be
// acknowledged before Wait returns nil.
//
// This lets a caller with several writes in hand (a server answering
// pipelined requests, say) apply them one after another and pay for one
// fsync: it waits once, on the last, before answering any of them.
//
// The zero Durable is already durable. Wait may be called more than once
// and from any goroutine; every call reports the same outcome.
type Durable struct {
	wait func() error
}

// Wait blocks until the commit is durable and visible to readers. A
// non-nil error means the write-ahead log failed: the commit may not
// survive a crash, and the database refuses further writes.
func (d Durable) Wait() error {
	if d.wait == nil {
		return nil
	}
	return wrapStorage(d.wait())
}

// UpdateDeferred is Update without the wait for durability: it runs fn in a
// write transaction, commits it if fn returns nil, and returns as soon as
// the commit is applied. The caller must call Wait on the result before it
// treats the write as done (see Durable).
func (db *DB) UpdateDeferred(fn func(tx *Tx) error) (Durable, error) {
	tx, err := db.BeginWrite()
	if err != nil {
		return Durable{}, err
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return Durable{}, err
	}
	return tx.CommitDeferred()
}
