package btree

import (
	"errors"
	"slices"

	"github.com/grumpydb/grumpydb/engine/internal/page"
)

// overlay collects the new images of every page a structural change (split,
// merge, redistribution, root change) touches, so that the change is
// all-or-nothing with respect to Store errors:
//
//   - Reads go through the overlay and see the new images.
//   - New pages are allocated from the store at once (Alloc may fail; abort
//     frees them again), everything else is staged in private buffers.
//   - commit first calls Store.Write for every staged page and only when all
//     of them succeeded copies the images in and frees the pages the change
//     released. A Write failure therefore leaves the tree exactly as it was.
//
// Images are never edited while cells gathered from them are in use:
// rebuilding a node always produces a fresh buffer that replaces the old
// image (set); only link fields are patched in place (mutable).
type overlay struct {
	st     page.Store
	staged []staged
	freed  []uint32
}

type staged struct {
	no    uint32
	img   page.Page // new content
	dst   page.Page // the store's page: from Alloc at once, from Write at commit
	fresh bool      // allocated by this change
}

func newOverlay(st page.Store) *overlay { return &overlay{st: st} }

func (o *overlay) find(no uint32) int {
	for i := range o.staged {
		if o.staged[i].no == no {
			return i
		}
	}
	return -1
}

// Read returns the staged image of page no, or the store's page.
func (o *overlay) Read(no uint32) (page.Page, error) {
	if i := o.find(no); i >= 0 {
		return o.staged[i].img, nil
	}
	return o.st.Read(no)
}

// Pages implements reader.
func (o *overlay) Pages() uint32 { return o.st.Pages() }

// set stages img as the new content of page no.
func (o *overlay) set(no uint32, img page.Page) {
	if i := o.find(no); i >= 0 {
		o.staged[i].img = img
		return
	}
	o.staged = append(o.staged, staged{no: no, img: img})
}

// mutable returns a staged image of page no that may be edited in place,
// copying the current content first. lvl ≥ 0 checks the page is a node of
// that level; lvl < 0 skips the check (the meta page).
func (o *overlay) mutable(no uint32, lvl int) (page.Page, error) {
	var src page.Page
	var err error
	if lvl >= 0 {
		src, err = readNode(o, no, lvl)
	} else {
		src, err = o.Read(no)
	}
	if err != nil {
		return nil, err
	}
	if i := o.find(no); i >= 0 {
		return o.staged[i].img, nil
	}
	img := make(page.Page, page.Size)
	copy(img, src)
	o.staged = append(o.staged, staged{no: no, img: img})
	return img, nil
}

// alloc allocates a new page of type t from the store.
func (o *overlay) alloc(t page.Type) (uint32, error) {
	no, p, err := o.st.Alloc(t)
	if err != nil {
		return 0, err
	}
	o.staged = append(o.staged, staged{no: no, img: p, dst: p, fresh: true})
	return no, nil
}

// free drops page no from the tree when the change commits. Pages
// allocated by the change itself are never freed by it. Freeing a page twice
// means two pointers led to it: corruption.
func (o *overlay) free(no uint32) error {
	if slices.Contains(o.freed, no) {
		return corrupt(no, "page reached twice while rebalancing")
	}
	if i := o.find(no); i >= 0 {
		o.staged = append(o.staged[:i], o.staged[i+1:]...)
	}
	o.freed = append(o.freed, no)
	return nil
}

// commit applies the staged change; see the type comment.
func (o *overlay) commit() error {
	for i := range o.staged {
		s := &o.staged[i]
		if s.fresh {
			continue
		}
		p, err := o.st.Write(s.no)
		if err != nil {
			return errors.Join(err, o.abort())
		}
		s.dst = p
	}
	for _, s := range o.staged {
		if &s.dst[0] != &s.img[0] {
			copy(s.dst[page.HeaderSize:], s.img[page.HeaderSize:])
			s.dst.SetType(s.img.Type())
		}
	}
	var errs []error
	for _, no := range o.freed {
		if err := o.st.Free(no); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// abort releases the pages allocated for a change that will not commit.
func (o *overlay) abort() error {
	var errs []error
	for _, s := range o.staged {
		if s.fresh {
			if err := o.st.Free(s.no); err != nil {
				errs = append(errs, err)
			}
		}
	}
	o.staged = nil
	o.freed = nil
	return errors.Join(errs...)
}
