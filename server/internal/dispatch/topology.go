package dispatch

import (
	"github.com/grumpydb/grumpydb/engine"
)

// Writer is one [[cluster.writers]] entry as TOPOLOGY shows it.
type Writer struct {
	Collection string
	NodeID     string
}

// TopologyJSON renders the single-node TOPOLOGY bulk of §4.8: compact,
// key-sorted JSON with cluster_id, local_node_id, n = 1, the local node as
// the only peer (addr = the effective client bind address as written),
// vnodes_per_node and the configured writers in config order.
func TopologyJSON(clusterID, nodeID, addr string, vnodes int64, writers []Writer) []byte {
	ws := make([]engine.Value, len(writers))
	for i, w := range writers {
		ws[i] = engine.Object(
			engine.Field{Key: "collection", Value: engine.String(w.Collection)},
			engine.Field{Key: "node_id", Value: engine.String(w.NodeID)},
		)
	}
	v := engine.Object(
		engine.Field{Key: "cluster_id", Value: engine.String(clusterID)},
		engine.Field{Key: "local_node_id", Value: engine.String(nodeID)},
		engine.Field{Key: "n", Value: engine.Int(1)},
		engine.Field{Key: "peers", Value: engine.Array(engine.Object(
			engine.Field{Key: "addr", Value: engine.String(addr)},
			engine.Field{Key: "node_id", Value: engine.String(nodeID)},
		))},
		engine.Field{Key: "vnodes_per_node", Value: engine.Int(vnodes)},
		engine.Field{Key: "writers", Value: engine.Array(ws...)},
	)
	return engine.AppendJSON(nil, v)
}
