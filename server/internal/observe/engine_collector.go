package observe

import "github.com/prometheus/client_golang/prometheus"

// engineCollector reports grumpydb_buffer_pool_pages{state},
// grumpydb_wal_records_total and grumpydb_wal_fsyncs_total from one
// EngineStats call per scrape, so they are consistent with each other and
// cost the engine nothing between scrapes.
type engineCollector struct {
	stats     func() EngineStats
	pagesDesc *prometheus.Desc
	walDesc   *prometheus.Desc
	syncDesc  *prometheus.Desc
}

func newEngineCollector(stats func() EngineStats) *engineCollector {
	return &engineCollector{
		stats: stats,
		pagesDesc: prometheus.NewDesc(MetricBufferPoolPages,
			"Buffer-pool pages of the open databases, by state.", []string{"state"}, nil),
		walDesc: prometheus.NewDesc(MetricWALRecords,
			"Log records the engine has written since start, all databases together.", nil, nil),
		syncDesc: prometheus.NewDesc(MetricWALFsyncs,
			"Fsyncs of the write-ahead logs since start, all databases together; group commit makes them fewer than the records.", nil, nil),
	}
}

// Describe implements prometheus.Collector.
func (c *engineCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- c.pagesDesc
	ch <- c.walDesc
	ch <- c.syncDesc
}

// Collect implements prometheus.Collector.
func (c *engineCollector) Collect(ch chan<- prometheus.Metric) {
	var s EngineStats
	if c.stats != nil {
		s = c.stats()
	}
	for _, p := range []struct {
		state string
		n     int64
	}{{"clean", s.CleanPages}, {"dirty", s.DirtyPages}, {"free", s.FreePages}} {
		ch <- prometheus.MustNewConstMetric(c.pagesDesc, prometheus.GaugeValue, float64(p.n), p.state)
	}
	ch <- prometheus.MustNewConstMetric(c.walDesc, prometheus.CounterValue, float64(s.WALRecords))
	ch <- prometheus.MustNewConstMetric(c.syncDesc, prometheus.CounterValue, float64(s.WALFsyncs))
}
