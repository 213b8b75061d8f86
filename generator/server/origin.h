#pragma once

#include <string>

#include "server/http_types.h"

namespace bulletin {

/// True for a form post from another site (a hidden form on a phishing page): a
/// Sec-Fetch-Site other than same-origin or none, an Origin of "null", or an Origin that is
/// neither this request's Host nor the host of `base_url` (a reverse proxy may rewrite Host).
/// Requests without either header (old browsers, non-browser clients) are not cross-site.
bool IsCrossSite(const HttpRequest& request, const std::string& base_url);

/// The client's IP address, for throttling and the audit log. When the TCP peer is this
/// machine (a reverse proxy on the same host, which is how TLS is terminated), the last
/// address in its X-Forwarded-For header; otherwise the peer itself, whatever the header
/// says, so a remote client cannot choose its address.
std::string ClientAddress(const HttpRequest& request);

}  // namespace bulletin
