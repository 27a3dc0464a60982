package main

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/grumpydb/grumpydb/server/internal/config"
)

// clusterInit is `cluster init --data <dir> [--cluster-id <uuid>]` (§10):
// it writes _cluster/node.json and prints the two IDs.
func clusterInit(e *env, p *parsedArgs) error {
	dir, ok := p.value("data")
	if !ok || dir == "" {
		return errors.New("cluster init: --data <dir> is required")
	}
	cid, _ := p.value("cluster-id")
	if _, given := p.value("cluster-id"); given {
		if _, err := config.ParseUUID(cid); err != nil || cid == "" {
			detail := "not a UUID"
			if err != nil {
				detail = strings.TrimPrefix(err.Error(), config.ErrInvalidUUID.Error()+": ")
			}
			return fmt.Errorf("cluster init: invalid --cluster-id '%s': %s", cid, detail)
		}
	}
	id, err := config.NewNodeIdentity(cid, time.Now())
	if err != nil {
		return fmt.Errorf("cluster init: invalid --cluster-id '%s': %v", cid, err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("cluster init: %w", err)
	}
	if err := config.CreateNodeIdentity(dir, id); err != nil {
		return fmt.Errorf("cluster init: %w", err)
	}
	fmt.Fprintf(e.stdout, "node_id    = %s\ncluster_id = %s\n", id.NodeID, id.ClusterID)
	return nil
}
