#include "server/router.h"

#include <algorithm>
#include <cstdint>
#include <string_view>

namespace bulletin {
namespace {

bool TakesMethod(const std::string& route_method, const std::string& method) {
  return route_method == method || (route_method == "GET" && method == "HEAD");
}

}  // namespace

void Router::Add(std::string method, std::string path, HttpHandler handler, HandlerPool pool) {
  routes_.push_back({std::move(method), std::move(path), false, std::move(handler), pool});
}

void Router::AddPrefix(std::string method, std::string prefix, HttpHandler handler) {
  routes_.push_back({std::move(method), std::move(prefix), true, std::move(handler)});
}

void Router::SetFallback(HttpHandler handler) { fallback_ = std::move(handler); }

const Router::Entry* Router::Find(const HttpRequest& request, std::string* allow) const {
  // Specificity: an exact match beats any prefix; a longer prefix beats a shorter one.
  auto specificity = [&](const Entry& route) -> size_t {
    if (!route.prefix) return route.path == request.path ? SIZE_MAX : 0;
    return std::string_view(request.path).starts_with(route.path) ? route.path.size() + 1 : 0;
  };
  size_t best = 0;
  for (const Entry& route : routes_) best = std::max(best, specificity(route));
  if (best == 0) return nullptr;
  for (const Entry& route : routes_) {
    if (specificity(route) != best) continue;
    if (TakesMethod(route.method, request.method)) return &route;
    if (!allow->empty()) *allow += ", ";
    *allow += route.method;
    if (route.method == "GET") *allow += ", HEAD";
  }
  return nullptr;
}

HttpResponse Router::Route(const HttpRequest& request) const {
  std::string allow;
  if (const Entry* route = Find(request, &allow)) return route->handler(request);
  if (allow.empty()) return fallback_ ? fallback_(request) : ErrorResponse(404);
  HttpResponse response = ErrorResponse(405);
  response.headers.Set("Allow", allow);
  return response;
}

void Router::StyleError(const std::string& method, const std::string& path,
                        HttpResponse* response) const {
  if (!error_pages_ || !response->generic_error) return;
  try {
    error_pages_(method, path, response);
  } catch (const std::exception&) {
    // The bare page stays: an error page must never fail to answer.
  }
}

HandlerPool Router::PoolFor(const HttpRequest& request) const {
  std::string allow;
  const Entry* route = Find(request, &allow);
  return route ? route->pool : HandlerPool::kWorkers;
}

}  // namespace bulletin
