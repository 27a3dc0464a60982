package rbac

// Action is a permission checked by authorisation (PROTOCOL.md §6.1).
type Action uint8

// The actions of §6.1, in table order.
const (
	ActionRead Action = iota + 1
	ActionWrite
	ActionAdmin
	ActionManageUsers
	ActionManageDatabases
	ActionManageServer
	ActionReplicationPeer
)

// Actions lists every action in the order of the §6.1 table.
func Actions() []Action {
	return []Action{
		ActionRead, ActionWrite, ActionAdmin, ActionManageUsers,
		ActionManageDatabases, ActionManageServer, ActionReplicationPeer,
	}
}

// String renders the action as in denial texts (§6.6): "Read", "Write",
// "Admin", "ManageUsers", "ManageDatabases", "ManageServer". The peer
// action, which no client command requires, renders "ReplicationPeer".
func (a Action) String() string {
	switch a {
	case ActionRead:
		return "Read"
	case ActionWrite:
		return "Write"
	case ActionAdmin:
		return "Admin"
	case ActionManageUsers:
		return "ManageUsers"
	case ActionManageDatabases:
		return "ManageDatabases"
	case ActionManageServer:
		return "ManageServer"
	case ActionReplicationPeer:
		return "ReplicationPeer"
	}
	return "Action(?)"
}

// actionSet is a bit set of actions, bit i standing for Action(i).
type actionSet uint16

func setOf(actions ...Action) actionSet {
	var s actionSet
	for _, a := range actions {
		s |= 1 << a
	}
	return s
}

func (s actionSet) has(a Action) bool { return s&(1<<a) != 0 }

// contains reports whether s holds every action of o.
func (s actionSet) contains(o actionSet) bool { return s&o == o }
