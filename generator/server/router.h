#pragma once

#include <functional>
#include <string>
#include <vector>

#include "server/http_types.h"

namespace bulletin {

/// Answers one request. May throw: the server turns an exception into a generic 500.
/// GET and HEAD handlers run on the server's I/O threads; other methods (form posts, which
/// wait for the database) on its worker pool. Several run at once: it must be thread-safe.
using HttpHandler = std::function<HttpResponse(const HttpRequest&)>;

/// Restyles a generic error answer (HttpResponse::generic_error) for `method` and `path`
/// (as far as they are known; "" otherwise): the site's own page instead of the bare one.
using ErrorPageHook =
    std::function<void(const std::string& method, const std::string& path, HttpResponse*)>;

/// Where the server runs a handler for a request other than GET or HEAD (those run on the
/// I/O threads). kWorkers: the shared worker pool, for handlers that wait on the database.
/// kSlow: a small pool of its own with a bounded queue, for CPU- or memory-heavy work (a
/// password hash), so a burst of such requests never holds the workers others need; when
/// its queue is full the server answers 503 at once without calling the handler.
enum class HandlerPool { kWorkers, kSlow };

/// Maps method + decoded path to handlers. Not thread-safe to modify: add every route
/// before the server starts.
class Router {
 public:
  /// Routes `method` requests whose path equals `path`. A "GET" route also answers HEAD.
  void Add(std::string method, std::string path, HttpHandler handler,
           HandlerPool pool = HandlerPool::kWorkers);
  /// Routes `method` requests whose path starts with `prefix` (e.g. "/api/").
  void AddPrefix(std::string method, std::string prefix, HttpHandler handler);
  /// Handles requests whose path no route matches (default: a plain 404 page).
  void SetFallback(HttpHandler handler);
  bool has_fallback() const { return static_cast<bool>(fallback_); }
  /// The fallback handler (empty if none was set), for a route that wraps it.
  const HttpHandler& fallback() const { return fallback_; }

  /// Calls the handler of the most specific route for the path (exact before the longest
  /// prefix). If routes match the path but none takes the method: 405 with an Allow header.
  HttpResponse Route(const HttpRequest& request) const;

  /// The hook the server passes every generic error answer through (404, 405, 413, 500,
  /// 503, ...), whether a route, the router or the server itself made it.
  void SetErrorPages(ErrorPageHook hook) { error_pages_ = std::move(hook); }
  /// Applies the hook to `response` if it is a generic error and a hook is set.
  void StyleError(const std::string& method, const std::string& path, HttpResponse* response) const;

  /// The pool of the route Route would call for the request (kWorkers if none).
  HandlerPool PoolFor(const HttpRequest& request) const;

 private:
  struct Entry {
    std::string method;
    std::string path;
    bool prefix;
    HttpHandler handler;
    HandlerPool pool = HandlerPool::kWorkers;
  };
  /// The route for the request; nullptr with *allow listing the methods the most specific
  /// routes take ("" when no route matches the path).
  const Entry* Find(const HttpRequest& request, std::string* allow) const;
  std::vector<Entry> routes_;
  HttpHandler fallback_;
  ErrorPageHook error_pages_;
};

}  // namespace bulletin
