#pragma once

#include <string>
#include <string_view>

#include "server/http_types.h"

namespace bulletin {

/// True for a state-changing request (a form post) that did not demonstrably come from this
/// site's own pages, which is refused:
/// - a Sec-Fetch-Site other than same-origin (or none, a navigation the user typed);
/// - an Origin of "null", or one that is neither the origin of `base_url` nor this
///   request's own origin (scheme, host and port compared: the scheme is the
///   X-Forwarded-Proto a trusted proxy sends, else http, and the host is the Host header);
/// - neither an Origin nor `Sec-Fetch-Site: same-origin` (every current browser sends
///   Origin with a form post; a client that sends neither cannot be told from a forgery).
bool IsCrossSite(const HttpRequest& request, const std::string& base_url);

/// True if `peer` (a TCP peer address) is a reverse proxy on this machine whose
/// X-Forwarded-For is believed: exactly 127.0.0.1 or ::1.
bool IsTrustedProxy(std::string_view peer);

/// The client's IP address, for throttling, per-client limits and the audit log. When the TCP
/// peer is a trusted proxy (IsTrustedProxy), the last address in its X-Forwarded-For header;
/// otherwise the peer itself, whatever the header says, so a remote client cannot choose
/// its address.
std::string ClientAddress(const HttpRequest& request);

/// The forwarded client address a trusted proxy sent, or "" if the peer is not a trusted
/// proxy or sent no readable X-Forwarded-For.
std::string ForwardedClientAddress(const HttpRequest& request);

/// "https://Example.org:443/x" -> "https://example.org"; "" if `url` has no scheme.
/// Lower-cased, without the path and without a default port (80 for http, 443 for https).
std::string OriginOf(std::string_view url);

}  // namespace bulletin
