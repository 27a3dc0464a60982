// Package btree is GrumpyDB's B+Tree: one tree per file, mapping unique
// byte-string keys (1..MaxKeySize bytes, ordered by bytes.Compare) to short
// values (0..MaxValueSize bytes). The engine uses it for primary indexes
// (16-byte UUID → 6-byte record id) and secondary indexes (value ‖ primary
// key → empty value).
//
// Every page comes from a page.Store (one transaction's view of the file);
// the tree only touches bytes [page.HeaderSize, page.Size) and the type
// byte. Page 0 is the pager's; page 1 (page.MetaPage) is the tree's meta
// page; every other tree page is a leaf (page.TypeLeaf) or a branch
// (page.TypeBranch). A Tree handle holds no state: each operation starts
// from the meta page.
//
// # Meta page (page 1)
//
// Offsets are absolute within the page; integers are little-endian.
//
//	offset size field
//	32     4    magic "GBPT"
//	36     2    version, 1
//	38     2    flags, 0
//	40     4    root page number
//	44     4    height: number of levels, 1 when the root is a leaf
//	48     8    number of entries
//	56 ...      zero
//
// # Node pages
//
// Leaves and branches share one slotted layout: a 16-byte node header, an
// array of 2-byte slots growing up from offset 48, and cells growing down
// from the end of the page. Slots are in key order; cells are in any order.
//
//	offset size field
//	32     2    count: number of slots
//	34     2    cellStart: lowest offset used by a cell (page.Size when none)
//	36     2    garbage: bytes of dead cells inside [cellStart, page.Size)
//	38     1    level: 0 for a leaf, height above the leaves for a branch
//	39     1    flags, 0
//	40     4    leaf: prev leaf (0 = none); branch: leftmost child
//	44     4    leaf: next leaf (0 = none); branch: 0
//	48     2*count  slots: u16 offset of each cell, in key order
//	...         free space
//	cellStart … page.Size: cells and garbage
//
// A leaf cell is
//
//	2  key length k (1..MaxKeySize)
//	1  value length v (0..MaxValueSize)
//	k  key
//	v  value
//
// and a branch cell is
//
//	2  key length k (1..MaxKeySize)
//	4  child page number
//	k  separator key
//
// A branch with n separators s[0..n) has n+1 children: the leftmost child
// from the header, then the child of each cell. Child 0 holds the keys
// below s[0], child i+1 the keys in [s[i], s[i+1]), the last child the keys
// at or above s[n-1]. Separators between leaves are the shortest prefix of
// the right leaf's first key that is above the left leaf's last key, so
// branches stay wide even for long keys.
//
// # Invariants (verified by Check)
//
//   - All leaves are at the same depth; node levels count down by one per
//     step from height-1 at the root, so a child pointer can never lead
//     back up (a loop is reported as corruption).
//   - Within a node keys are non-empty, at most MaxKeySize and strictly
//     ascending; every key of a subtree lies within the bounds its
//     ancestors' separators give it.
//   - prev/next links chain the leaves in key order and agree in both
//     directions; the first leaf has no prev, the last no next.
//   - No page is reachable twice; the root and the meta page are distinct.
//   - Free space accounting: slots end at or before cellStart, cells lie in
//     [cellStart, page.Size) without overlapping, and live cell bytes plus
//     garbage equal page.Size - cellStart.
//   - A non-root leaf is never empty; a root branch has at least one
//     separator. The entry count in the meta page equals the entries in the
//     leaves.
//
// Non-root nodes are normally at least a quarter full: Delete merges an
// underfull node with a sibling when both fit in one page, else borrows
// from a sibling. With long variable-length keys neither may be possible
// (the parent may lack room for the new, longer separator); then the node
// stays underfull, and in the rarest case a non-root branch may be left
// with a single child and no separator. Both are valid trees. Empty leaves
// and childless branches are always removed and their pages freed; a root
// branch with a single child is always collapsed.
//
// # Changes and errors
//
// Put, Insert and Delete change one page in place when they can (a Store
// Write failing before the first byte changes leaves the tree as it was).
// A change spanning pages (split, merge, borrowing, new or collapsed root)
// is staged in private copies and applied only after every Store.Write and
// Alloc it needs has succeeded, so a failed Store call leaves the tree
// unchanged too (freshly allocated pages are freed again). Pages are freed
// last; should Free fail, the tree is intact and the page leaks.
//
// Appending past the last key of the rightmost leaf (ascending bulk loads,
// UUIDv7 keys) splits so that the left node stays full, giving ~100% full
// leaves and branches; other splits halve the bytes.
//
// Corrupt or impossible page contents produce an error wrapping
// page.ErrCorrupt that names the page; the package never panics on page
// contents, and every loop is bounded by a node's slot count, the tree
// height (at most 48) or strictly increasing keys.
//
// # Aliasing and cursors
//
// Slices returned by Get, Cursor.Key and Cursor.Value alias pages: they are
// valid until the transaction ends and must not be modified. Keys and
// values passed to Put, Insert and Delete must not alias pages of the same
// tree. A Cursor stays correct while its transaction only reads; changing
// the tree while a cursor is in use is undefined (reposition it afterwards).
//
// The package never touches page headers, other files, or pages it did not
// get from its Store, and holds no package-level mutable state.
package btree
