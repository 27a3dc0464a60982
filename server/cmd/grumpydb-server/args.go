package main

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// errUsage marks a usage error (exit 2, usage on stderr).
var errUsage = errors.New("usage")

// usageError returns a usage error with detail.
func usageError(format string, a ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{errUsage}, a...)...)
}

// flagKind says whether a flag takes a value.
type flagKind uint8

const (
	valueFlag flagKind = iota + 1
	switchFlag
)

// knownFlags are the flags of §9.2, by name without dashes.
func knownFlags(name string) (flagKind, bool) {
	switch name {
	case "config", "data", "bind", "http-bind", "tls-cert", "tls-key",
		"bootstrap-password", "log-format", "cluster-id":
		return valueFlag, true
	case "tls", "no-tls", "no-http", "force", "help", "h", "version":
		return switchFlag, true
	}
	return 0, false
}

// parsedArgs is the command line after normalisation.
type parsedArgs struct {
	// sub is the subcommand path: none, ["check"], ["cluster", "init"], …
	sub []string
	// positionals are the subcommand's arguments.
	positionals []string
	// values holds the last value of each value flag given.
	values map[string]string
	// switches holds the last state of each switch given.
	switches map[string]bool
}

func (p *parsedArgs) value(name string) (string, bool) {
	v, ok := p.values[name]
	return v, ok
}

func (p *parsedArgs) has(name string) bool { return p.switches[name] }

// parseArgs reads args (without the program name) by the rules of §9.2.
// Errors wrapping errUsage are usage errors; others are §10 errors.
func parseArgs(args []string) (*parsedArgs, error) {
	p := &parsedArgs{values: map[string]string{}, switches: map[string]bool{}}
	var pos []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			pos = append(pos, args[i+1:]...)
			break
		}
		if len(a) < 2 || a[0] != '-' {
			pos = append(pos, a)
			continue
		}
		name := strings.TrimPrefix(strings.TrimPrefix(a, "-"), "-")
		value, hasValue := "", false
		if k := strings.IndexByte(name, '='); k >= 0 {
			name, value, hasValue = name[:k], name[k+1:], true
		}
		kind, ok := knownFlags(name)
		if !ok || name == "" {
			return nil, usageError("unknown flag: %s", a)
		}
		switch kind {
		case valueFlag:
			if !hasValue {
				if i+1 >= len(args) {
					return nil, usageError("flag needs a value: --%s", name)
				}
				i++
				value = args[i]
			}
			p.values[name] = value
		case switchFlag:
			on := true
			if hasValue {
				b, err := strconv.ParseBool(value)
				if err != nil {
					return nil, usageError("invalid value %q for switch --%s", value, name)
				}
				on = b
			}
			if name == "h" {
				name = "help"
			}
			p.switches[name] = on
		}
	}
	if len(pos) > 0 {
		switch pos[0] {
		case "snapshot", "restore", "check":
			p.sub, pos = pos[:1], pos[1:]
		case "cluster":
			if len(pos) < 2 {
				if p.has("help") {
					p.sub = pos[:1]
					return p, nil
				}
				return nil, errors.New("cluster: missing subcommand (try `cluster init`)")
			}
			if pos[1] != "init" {
				return nil, fmt.Errorf("cluster: unknown subcommand '%s'", pos[1])
			}
			p.sub, pos = pos[:2], pos[2:]
		default:
			return nil, usageError("unknown subcommand '%s'", pos[0])
		}
	}
	p.positionals = pos
	max := 0
	if len(p.sub) == 1 && (p.sub[0] == "snapshot" || p.sub[0] == "restore") {
		max = 1
	}
	if len(pos) > max {
		return nil, usageError("unexpected argument '%s'", pos[max])
	}
	sub := strings.Join(p.sub, " ")
	if _, ok := p.switches["force"]; ok && sub != "restore" {
		return nil, usageError("--force is only accepted by restore")
	}
	if _, ok := p.values["cluster-id"]; ok && sub != "cluster init" {
		return nil, usageError("--cluster-id is only accepted by cluster init")
	}
	return p, nil
}

// cliArgs rebuilds a command line urfave/cli parses as intended: the
// subcommand path, every flag (each once, with its last value), then `--`
// and the positionals.
func (p *parsedArgs) cliArgs(prog string) []string {
	out := append([]string{prog}, p.sub...)
	for _, name := range []string{"config", "data", "bind", "http-bind", "tls-cert", "tls-key",
		"bootstrap-password", "log-format", "cluster-id"} {
		if v, ok := p.values[name]; ok {
			out = append(out, "--"+name+"="+v)
		}
	}
	for _, name := range []string{"tls", "no-tls", "no-http", "force", "help"} {
		if p.switches[name] {
			out = append(out, "--"+name)
		}
	}
	out = append(out, "--")
	return append(out, p.positionals...)
}
