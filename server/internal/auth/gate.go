package auth

import "context"

// checkGate bounds how many password hashes are computed at once (§5.4):
// each argon2id run costs about 19 MiB, so a flood of LOGINs must queue
// rather than grow memory. It is a counting semaphore.
type checkGate chan struct{}

func newCheckGate(n int) checkGate {
	if n < 1 {
		n = 1
	}
	return make(checkGate, n)
}

// acquire waits for a slot or for ctx to end.
func (g checkGate) acquire(ctx context.Context) error {
	select {
	case g <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (g checkGate) release() { <-g }

// run computes f inside a slot.
func (g checkGate) run(ctx context.Context, f func()) error {
	if err := g.acquire(ctx); err != nil {
		return err
	}
	defer g.release()
	f()
	return nil
}
