package observe

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// ServerVersion is the server version reported by grumpydb_node_info.
const ServerVersion = "5.0.0"

// Metric names of the §8 catalogue.
const (
	MetricConnectionsActive = "grumpydb_connections_active"
	MetricCommandsTotal     = "grumpydb_commands_total"
	MetricCommandDuration   = "grumpydb_command_duration_seconds"
	MetricLoginFailures     = "grumpydb_login_failures_total"
	MetricRateLimitHits     = "grumpydb_rate_limit_hits_total"
	MetricNodeInfo          = "grumpydb_node_info"
	MetricBufferPoolPages   = "grumpydb_buffer_pool_pages"
	MetricWALRecords        = "grumpydb_wal_records_total"
	MetricWALFsyncs         = "grumpydb_wal_fsyncs_total"
)

// LoginFailureReason is the reason label of grumpydb_login_failures_total.
type LoginFailureReason string

// The two login failure reasons.
const (
	LoginInvalidCredentials LoginFailureReason = "invalid_credentials"
	LoginRateLimited        LoginFailureReason = "rate_limited"
)

// RateLimitKind is the kind label of grumpydb_rate_limit_hits_total.
type RateLimitKind string

// The four rate-limit refusal kinds.
const (
	RateLimitCommand    RateLimitKind = "command"
	RateLimitLogin      RateLimitKind = "login"
	RateLimitConnPerIP  RateLimitKind = "conn_per_ip"
	RateLimitConnGlobal RateLimitKind = "conn_global"
)

// EngineStats is what the engine reports at scrape time, summed over the
// open databases: buffer-pool pages per state, and log records written and
// log fsyncs since start.
type EngineStats struct {
	CleanPages int64
	DirtyPages int64
	FreePages  int64
	WALRecords uint64
	WALFsyncs  uint64
}

// MetricsOptions configures NewMetrics.
type MetricsOptions struct {
	// NodeID and ClusterID label grumpydb_node_info.
	NodeID    string
	ClusterID string
	// EngineStats is called once per scrape; nil reports zeros (no
	// database open). It must be safe for concurrent use.
	EngineStats func() EngineStats
}

// Metrics is the §8 catalogue in its own registry. Its methods are safe for
// concurrent use and cheap enough to call on every command.
type Metrics struct {
	registry      *prometheus.Registry
	connections   prometheus.Gauge
	commands      *prometheus.CounterVec
	duration      *prometheus.HistogramVec
	loginFailures *prometheus.CounterVec
	rateLimits    *prometheus.CounterVec
}

// NewMetrics builds the catalogue, with grumpydb_node_info set from opts
// and every from-start series present.
func NewMetrics(opts MetricsOptions) *Metrics {
	m := &Metrics{
		registry: prometheus.NewRegistry(),
		connections: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: MetricConnectionsActive,
			Help: "Open client-protocol connections, exempt ones included.",
		}),
		commands: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: MetricCommandsTotal,
			Help: "Commands that reached execution, by command and result.",
		}, []string{"cmd", "result"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    MetricCommandDuration,
			Help:    "Execution time of the commands counted by grumpydb_commands_total.",
			Buckets: prometheus.DefBuckets,
		}, []string{"cmd"}),
		loginFailures: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: MetricLoginFailures,
			Help: "Failed or blocked LOGIN commands, by reason.",
		}, []string{"reason"}),
		rateLimits: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: MetricRateLimitHits,
			Help: "Rate-limit refusals, by kind.",
		}, []string{"kind"}),
	}
	nodeInfo := prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Name: MetricNodeInfo,
		Help: "Node identity and server version; always 1.",
	}, []string{"node_id", "cluster_id", "version"})
	nodeInfo.WithLabelValues(opts.NodeID, opts.ClusterID, ServerVersion).Set(1)

	m.registry.MustRegister(m.connections, m.commands, m.duration, m.loginFailures, m.rateLimits,
		nodeInfo, newEngineCollector(opts.EngineStats))
	return m
}

// Gatherer is the registry, for scraping.
func (m *Metrics) Gatherer() prometheus.Gatherer { return m.registry }

// ConnOpened counts a connection accepted past the caps (§2.2).
func (m *Metrics) ConnOpened() { m.connections.Inc() }

// ConnClosed uncounts a connection that ConnOpened counted.
func (m *Metrics) ConnClosed() { m.connections.Dec() }

// Command records a command that reached execution: cmd is its §8 label
// (canonical name, e.g. CREATE_DATABASE, SNAPSHOT_HLC, INSERT_MANY), ok
// whether it succeeded, d its execution time. A cmd that is not in
// CountedCommands (PING, QUIT, an alias, a typo) is ignored.
func (m *Metrics) Command(cmd string, ok bool, d time.Duration) {
	if !IsCountedCommand(cmd) {
		return
	}
	result := "error"
	if ok {
		result = "ok"
	}
	m.commands.WithLabelValues(cmd, result).Inc()
	m.duration.WithLabelValues(cmd).Observe(d.Seconds())
}

// LoginFailure counts a failed (invalid_credentials) or blocked
// (rate_limited) LOGIN. Other reasons are ignored. A blocked LOGIN is also a
// rate-limit refusal (RateLimitHit(RateLimitLogin)) and, not having reached
// execution, is not passed to Command.
func (m *Metrics) LoginFailure(reason LoginFailureReason) {
	switch reason {
	case LoginInvalidCredentials, LoginRateLimited:
		m.loginFailures.WithLabelValues(string(reason)).Inc()
	}
}

// RateLimitHit counts one refusal of the given kind. Other kinds are
// ignored.
func (m *Metrics) RateLimitHit(kind RateLimitKind) {
	switch kind {
	case RateLimitCommand, RateLimitLogin, RateLimitConnPerIP, RateLimitConnGlobal:
		m.rateLimits.WithLabelValues(string(kind)).Inc()
	}
}
