#include "server/origin.h"

#include <cctype>
#include <string_view>

#include "core/text.h"

namespace bulletin {
namespace {

// "https://host:port/path" -> "host:port", lower-cased.
std::string HostOf(const std::string& url) {
  size_t start = url.find("://");
  start = start == std::string::npos ? 0 : start + 3;
  return AsciiLower(url.substr(start, url.find('/', start) - start));
}

bool IsLoopback(const std::string& address) {
  return address.starts_with("127.") || address == "::1";
}

}  // namespace

bool IsCrossSite(const HttpRequest& request, const std::string& base_url) {
  if (const std::string* fetch_site = request.headers.Find("Sec-Fetch-Site")) {
    if (*fetch_site != "same-origin" && *fetch_site != "none") return true;
  }
  const std::string* origin = request.headers.Find("Origin");
  if (!origin) return false;
  if (*origin == "null") return true;
  const std::string origin_host = HostOf(*origin);
  const std::string* host = request.headers.Find("Host");
  if (host && origin_host == AsciiLower(*host)) return false;
  return origin_host != HostOf(base_url);
}

std::string ClientAddress(const HttpRequest& request) {
  if (!IsLoopback(request.peer_address)) return request.peer_address;
  const std::string* forwarded = request.headers.Find("X-Forwarded-For");
  if (!forwarded) return request.peer_address;
  // The proxy appends the address it saw; entries before it are whatever the client sent.
  std::string_view last = *forwarded;
  if (size_t comma = last.rfind(','); comma != std::string_view::npos) {
    last = last.substr(comma + 1);
  }
  last = Trim(last);
  if (last.empty() || last.size() > 45) return request.peer_address;
  for (char c : last) {
    if (!std::isxdigit(static_cast<unsigned char>(c)) && c != '.' && c != ':') {
      return request.peer_address;
    }
  }
  return std::string(last);
}

}  // namespace bulletin
