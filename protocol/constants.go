package protocol

// Fixed constants of the wire contract (PROTOCOL.md, constants table).
const (
	// ProtocolVersion is the wire protocol version announced in the banner.
	// It is fixed and independent of the server version.
	ProtocolVersion = "4.0.0"

	// ServerVersion is the server's own version (metrics, snapshot
	// manifest, --version, peer handshake).
	ServerVersion = "5.0.0"

	// Banner is the exact greeting a server writes when a connection is
	// ready (§2.2 step 3). Clients read and discard it.
	Banner = "+GRUMPYDB " + ProtocolVersion + "\r\n"

	// MaxLine is the largest accepted request line in bytes, terminator
	// included (§2.3).
	MaxLine = 1048576

	// MaxBulk is the largest bulk payload and the largest document
	// (§3.1, §3.3). Enforcing it is the caller's business: the encoder
	// writes whatever it is given.
	MaxBulk = 16777216

	// MaxElementPrefix is how much an array element "<uuid> <json>" may
	// exceed MaxBulk: a 36-character key and one space (§3.1).
	MaxElementPrefix = 37

	// DefaultPort is the default client-protocol TCP port.
	DefaultPort = 6380

	// DefaultHTTPPort is the default HTTP observability port.
	DefaultHTTPPort = 6381
)
