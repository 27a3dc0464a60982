package btree

import (
	"errors"

	"github.com/grumpydb/grumpydb/engine/internal/page"
)

// Drop frees every page of the tree in st and clears the meta page, so that
// Init may format it again. It checks the tree first and frees nothing if
// the check fails. The meta page is cleared before any page is freed: an
// error from Free leaks pages but never leaves a meta page pointing at
// freed ones.
func Drop(st page.Store) error {
	pages, err := Check(st)
	if err != nil {
		return err
	}
	mp, err := st.Write(page.MetaPage)
	if err != nil {
		return err
	}
	clear(mp[page.HeaderSize:])
	var errs []error
	for _, no := range pages {
		if no == page.MetaPage {
			continue
		}
		if err := st.Free(no); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}
