#pragma once

#include <string>

#include "search/index_searcher.h"
#include "server/page_renderer.h"
#include "server/router.h"

namespace bulletin {

/// GET /search/?q=...: the search page with its results found on the server, in the site's
/// own index (IndexSearcher over <site>/search-index/), so the header's search box answers
/// in a browser without JavaScript. With JavaScript, search.js searches the same index and
/// shows the same results. Without a query, the built /search/ page. Thread-safe.
class SearchRoute {
 public:
  /// Keeps `pages`, which must outlive this object.
  SearchRoute(const PageRenderer* pages, std::string site_dir);

  /// Adds GET /search/; without a query it answers as `router`'s fallback (the static site).
  void AddTo(Router* router) const;

  /// Results shown on one page (there is no "Show more" without JavaScript).
  static constexpr size_t kResultsShown = 30;

 private:
  HttpResponse Answer(const HttpRequest& request, const Router& router) const;

  const PageRenderer* pages_;
  IndexSearcher searcher_;
};

}  // namespace bulletin
