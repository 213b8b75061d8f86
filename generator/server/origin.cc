#include "server/origin.h"

#include <cctype>
#include <string_view>

#include "core/text.h"

namespace bulletin {

std::string OriginOf(std::string_view url) {
  size_t colon = url.find("://");
  if (colon == std::string_view::npos || colon == 0) return "";
  std::string scheme = AsciiLower(url.substr(0, colon));
  std::string_view rest = url.substr(colon + 3);
  std::string host = AsciiLower(rest.substr(0, rest.find_first_of("/?#")));
  if ((scheme == "http" && host.ends_with(":80")) ||
      (scheme == "https" && host.ends_with(":443"))) {
    host.erase(host.rfind(':'));
  }
  return scheme + "://" + host;
}

bool IsCrossSite(const HttpRequest& request, const std::string& base_url) {
  const std::string* fetch_site = request.headers.Find("Sec-Fetch-Site");
  if (fetch_site && *fetch_site != "same-origin" && *fetch_site != "none") return true;
  const std::string* origin = request.headers.Find("Origin");
  if (!origin) return !(fetch_site && *fetch_site == "same-origin");
  if (*origin == "null") return true;
  const std::string origin_seen = OriginOf(*origin);
  if (origin_seen.empty()) return true;
  if (origin_seen == OriginOf(base_url)) return false;
  const std::string* host = request.headers.Find("Host");
  if (!host) return true;
  std::string scheme = "http";
  if (IsTrustedProxy(request.peer_address)) {
    if (const std::string* proto = request.headers.Find("X-Forwarded-Proto")) {
      if (AsciiLower(*proto) == "https") scheme = "https";
    }
  }
  return origin_seen != OriginOf(scheme + "://" + *host);
}

bool IsTrustedProxy(std::string_view peer) { return peer == "127.0.0.1" || peer == "::1"; }

std::string ForwardedClientAddress(const HttpRequest& request) {
  if (!IsTrustedProxy(request.peer_address)) return "";
  const std::string* forwarded = request.headers.Find("X-Forwarded-For");
  if (!forwarded) return "";
  // The proxy appends the address it saw; entries before it are whatever the client sent.
  std::string_view last = *forwarded;
  if (size_t comma = last.rfind(','); comma != std::string_view::npos) {
    last = last.substr(comma + 1);
  }
  last = Trim(last);
  if (last.empty() || last.size() > 45) return "";
  for (char c : last) {
    if (!std::isxdigit(static_cast<unsigned char>(c)) && c != '.' && c != ':') return "";
  }
  return std::string(last);
}

std::string ClientAddress(const HttpRequest& request) {
  std::string forwarded = ForwardedClientAddress(request);
  return forwarded.empty() ? request.peer_address : forwarded;
}

}  // namespace bulletin
