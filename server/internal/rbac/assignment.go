package rbac

import (
	"encoding/json"
	"fmt"
)

// Assignment is one role held on one scope: an element of a token's
// `roles` claim and of a user record's `roles` (§5.2, §5.4).
type Assignment struct {
	Role  Role
	Scope Scope
}

// assignmentJSON is the wire form {"role":"<name>","scope":<scope>}.
type assignmentJSON struct {
	Role  *string         `json:"role"`
	Scope json.RawMessage `json:"scope"`
}

// MarshalJSON writes {"role":"<name>","scope":<scope>}.
func (a Assignment) MarshalJSON() ([]byte, error) {
	if !a.Role.Valid() {
		return nil, fmt.Errorf("%w: role %q", ErrInvalidScope, a.Role)
	}
	scope, err := a.Scope.MarshalJSON()
	if err != nil {
		return nil, err
	}
	role := string(a.Role)
	return json.Marshal(assignmentJSON{Role: &role, Scope: scope})
}

// UnmarshalJSON reads {"role":"<name>","scope":<scope>}; the role must be
// one of the six names and the scope one of the six forms.
func (a *Assignment) UnmarshalJSON(data []byte) error {
	var w assignmentJSON
	if err := json.Unmarshal(data, &w); err != nil {
		return fmt.Errorf("%w: assignment: %v", ErrInvalidScope, err)
	}
	if w.Role == nil || len(w.Scope) == 0 {
		return fmt.Errorf("%w: assignment needs \"role\" and \"scope\"", ErrInvalidScope)
	}
	role, err := ParseRole(*w.Role)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrInvalidScope, err)
	}
	var s Scope
	if err := s.UnmarshalJSON(w.Scope); err != nil {
		return err
	}
	*a = Assignment{Role: role, Scope: s}
	return nil
}
