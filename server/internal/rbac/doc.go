// Package rbac is GrumpyDB's authorisation model (PROTOCOL.md §6): the six
// roles and the actions each permits, the six scopes and which targets
// each covers, the command → (action, target) table, the no-escalation
// rules for GRANT, REVOKE and DROP USER, the `ON <resource>` notation, and
// the texts that render all of these on the wire (WHOAMI, denials).
//
// # Shape
//
//   - Role, Action, Scope and Assignment are values; Scope is comparable
//     and carries no tenant (every scope but Server lies in its holder's
//     tenant).
//   - Principal is a connection's caller (the claims of its token).
//     Principal.Check / Allowed answer "may p do action on target".
//   - The command table (Rules, LookupRule) is the only place that says
//     what a command needs; Authorize reads it. Verbs are the names used by
//     PROTOCOL.md ("INSERT", "CREATE DATABASE", "LIST USERS",
//     "ELECT-WRITER", the §11a verbs "FIND", "RESOLVE", "STATS",
//     "INSERTMANY"); the aliases SNAPSHOT-HLC and ELECT_WRITER are accepted.
//   - Principal.CanGrant / CanRevoke / CanDropUser are the §6.4 checks.
//   - ParseResource reads §6.5; Scope.String, Assignment.String,
//     RenderAssignments and WhoamiText render §6.6.
//
// # Invariants
//
//   - Every error this package returns for a client-visible condition has
//     the exact wire text of §4.11 as its Error() (so the server writes
//     "-ERR " + err.Error()), and wraps one of the sentinels of errors.go
//     (ErrNotAuthenticated, ErrAccessDenied, ErrUnknownRole) for
//     errors.Is. Those texts deliberately do not start with "rbac:".
//   - A decision depends only on its inputs: the package holds no state,
//     touches no storage and never checks that a database, collection or
//     user exists.
//   - Names are not validated here. PROTOCOL.md applies the naming rules
//     of §7.1 to CREATE/USE/DROP TENANT, not to resources or users, so
//     ParseResource accepts any text and the server validates names where
//     the protocol says so before or after calling in.
//   - Invalid values (a zero Scope, an unknown Role) permit nothing, cover
//     nothing and never panic.
package rbac
