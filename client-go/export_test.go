package client

// SharedAdminPassword is the bootstrap password of the test server.
const SharedAdminPassword = adminPW

// SharedServerOptions starts (once) the package's shared test server and
// returns options pointing at it; the examples use it.
func SharedServerOptions() Options {
	s, err := startShared()
	if err != nil {
		panic(err)
	}
	return s.options()
}
