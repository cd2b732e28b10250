package baseline

// AppServiceHardening is the security baseline of every App Service site:
// the web apps, their slots and the Function App worker. The classic
// provider spells the three with different types, so each layer copies these
// values into its own; this is the one place they are decided.
type AppServiceHardening struct {
	HTTPSOnly         bool
	MinimumTLSVersion string // also the SCM (Kudu) site's
	FTPSState         string
	HTTP2             bool
	RemoteDebugging   bool
	// BasicPublishingAuth is FTP and Web Deploy with the site's publishing
	// credentials; deployments sign in with Entra instead.
	BasicPublishingAuth bool
}

// Hardened is the baseline every site gets.
var Hardened = AppServiceHardening{
	HTTPSOnly:           true,
	MinimumTLSVersion:   "1.2",
	FTPSState:           "Disabled",
	HTTP2:               true,
	RemoteDebugging:     false,
	BasicPublishingAuth: false,
}
