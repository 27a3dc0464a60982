// Package vfs is the file-system seam under the engine's pager and WAL. The
// engine does all its file I/O through FS and File, so tests can swap the
// real file system (OS) for one that simulates power loss (MemFS) or fails
// chosen calls (FaultFS, wrapping either).
//
// # Durability model
//
// Crash-recovery tests elsewhere rely on exactly these rules; OS follows
// them as far as POSIX promises, MemFS implements them to the letter.
//
// File content. Every file has a durable content and a current content.
// Reads always see the current content. WriteAt and Truncate change the
// current content only; File.Sync makes the current content durable (the
// whole file: all writes and truncates since the previous Sync, through any
// handle). Close makes nothing durable.
//
// Directory entries. A file's or directory's name is separate from its
// content. Creating a file (OpenFile with O_CREATE), Rename, Remove and
// RemoveAll change the entries of the directories involved at once for
// every reader, but each change is only pending until SyncDir of that
// directory, which makes all of the directory's pending changes durable. So
// a file created and synced whose directory was never synced may vanish in
// a crash, and a rename is not durable until its directory is synced — the
// usual atomic replacement is: write a temporary file, Sync it, Rename it
// over the target, SyncDir the directory. File.Sync never makes a name
// durable; SyncDir never makes file content durable; SyncDir of a directory
// does not make its own entry in its parent durable.
//
// Simplification: MkdirAll's new directories are durable at once. For each
// directory it creates, it behaves as if SyncDir of the parent followed, so
// the parent's earlier pending changes become durable too.
//
// Renames. A rename within one directory is one pending change: a crash
// keeps it whole or not at all. A rename between two directories is two
// independent pending changes (removal from the old directory, entry in the
// new one), so a crash may keep either, both or neither; if both names of a
// file survive they are independent copies, and a directory is kept only at
// the first of its surviving names in depth-first name order.
//
// Crash. MemFS.Crash(opts) returns a new MemFS with what a power loss could
// leave: each directory's durable entries plus a prefix, in order, of its
// pending changes (a random prefix when opts.Rand is set, none when it is
// nil); each surviving file's durable content plus a random subset, applied
// in order, of its unsynced writes and truncates (each kept with probability
// opts.KeepUnsynced, none when opts.Rand is nil), where a kept write may
// land torn when opts.TearWrites is set: only a prefix of its 512-byte
// sectors, maybe followed by one sector of garbage — within the write's own
// byte range only. Durable bytes that no unsynced write covered are never
// changed by a crash (though a surviving unsynced truncate may cut them
// off). With the zero CrashOptions exactly the durable state
// remains. The new MemFS has no open files and no locks, and everything in
// it is durable; the old MemFS and its open files are left as they were.
//
// # Locks
//
// FS.Lock takes an exclusive lock on a lock file without waiting and writes
// the holder's pid (decimal, no newline) into it. For OS it is a flock, held
// per open file description: a second Lock of the same file fails even in
// the same process, and a lock file left by a dead process never blocks.
// Failure is a *LockedError carrying the pid read from the file; it matches
// ErrLocked. MemFS emulates the same (PID is always os.Getpid()).
//
// # Invariants
//
// Nothing here panics on bad input: bad offsets, flags and names return
// errors (*fs.PathError or *os.LinkError wrapping a syscall.Errno or
// fs.ErrClosed, so errors.Is(err, fs.ErrNotExist) and friends work). MemFS
// and FaultFS are safe for concurrent use. MemFS caps a file at 1 GiB (EFBIG).
package vfs
