-- A private Prosody (Debian's prosody package, 0.12) for Herald's XMPP tests, started by
-- tests/support/prosody.ts with the @PLACEHOLDERS@ filled in: its own data folder, free loopback
-- ports, no s2s and no TLS (it has no certificate), plain-text logins allowed on loopback only. Never used outside the tests.
-- Options: https://prosody.im/doc/configure , components: https://prosody.im/doc/components
run_as_root = true
daemonize = false
pidfile = "@DATA@/prosody.pid"
data_path = "@DATA@"
log = { { levels = { min = "@LOG_LEVEL@" }, to = "file", filename = "@DATA@/prosody.log" } }
certificates = "@DATA@/certs"

interfaces = { "127.0.0.1" }
local_interfaces = { "127.0.0.1" }
c2s_ports = { @C2S_PORT@ }
c2s_direct_tls_ports = { }
component_ports = { @COMPONENT_PORT@ }
component_interfaces = { "127.0.0.1" }
http_ports = { }
https_ports = { }

modules_enabled = {
  "roster"; "saslauth"; "disco"; "ping"; "register"; "offline"; "carbons"; "posix";
}
modules_disabled = { "s2s"; "tls"; "http"; "bosh"; "websocket" }

authentication = "internal_plain"
storage = "internal"
allow_registration = false
c2s_require_encryption = false
allow_unencrypted_plain_auth = true
s2s_require_encryption = false

VirtualHost "@DOMAIN@"

Component "@COMPONENT_DOMAIN@"
  component_secret = "@COMPONENT_SECRET@"
