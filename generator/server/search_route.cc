#include "server/search_route.h"

#include <fstream>
#include <nlohmann/json.hpp>

#include "core/text.h"
#include "server/form.h"

namespace bulletin {

using nlohmann::json;

namespace {

constexpr size_t kMaxQueryFields = 32;
constexpr size_t kMaxQueryBytes = 200;
constexpr std::streamoff kMaxIndexFileBytes = 64 << 20;

// An index file, by the path the manifest names; nothing outside the index folder.
IndexFileReader FilesIn(std::string folder) {
  return [folder = std::move(folder)](const std::string& path, std::string* bytes) {
    if (path.find("..") != std::string::npos || path.empty() || path[0] == '/') return false;
    std::ifstream in(folder + "/" + path, std::ios::binary);
    if (!in) return false;
    in.seekg(0, std::ios::end);
    std::streamoff size = in.tellg();
    if (size < 0 || size > kMaxIndexFileBytes) return false;
    in.seekg(0);
    bytes->resize(static_cast<size_t>(size));
    return static_cast<bool>(in.read(bytes->data(), size));
  };
}

std::string Quoted(const std::string& q) { return "\u201c" + q + "\u201d"; }

// The status line above the results, worded as search.js words it.
std::string Status(const SearchAnswer& a, const std::string& q) {
  if (!a.ok) return "Search is not available at the moment: the search index could not be loaded.";
  if (a.no_terms) return "Type more than common words such as " + Quoted(q) + " to search.";
  std::string s =
      std::to_string(a.total) + (a.total == 1 ? " result" : " results") + " for " + Quoted(q);
  if (a.partial && a.total) s += ". No result has all your words; these have some of them";
  return s + ".";
}

}  // namespace

SearchRoute::SearchRoute(const PageRenderer* pages, std::string site_dir)
    : pages_(pages), searcher_(FilesIn(site_dir + "/search-index")) {}

void SearchRoute::AddTo(Router* router) const {
  router->Add("GET", "/search/",
              [this, router](const HttpRequest& request) { return Answer(request, *router); });
}

HttpResponse SearchRoute::Answer(const HttpRequest& request, const Router& router) const {
  FormFields fields;
  std::string q;
  if (ParseForm(request.query, kMaxQueryFields, &fields))
    q = std::string(Trim(FormValue(fields, "q")));
  if (q.empty()) return router.fallback()(request);
  if (q.size() > kMaxQueryBytes) q.resize(kMaxQueryBytes);
  SearchAnswer answer = searcher_.Search(q, kResultsShown);
  json results = json::array();
  for (const SearchHit& h : answer.hits) {
    results.push_back({{"url", h.url},
                       {"title", h.title},
                       {"type", h.type},
                       {"date", h.date},
                       {"date_iso", h.date_iso},
                       {"summary", h.summary}});
  }
  json context = {{"server", true},
                  {"query", q},
                  {"status", Status(answer, q)},
                  {"no_results", answer.ok && !answer.no_terms && answer.total == 0},
                  {"has_results", !results.empty()},
                  {"results", std::move(results)},
                  {"page_description", "Search results for " + q}};
  if (!answer.suggestion.empty()) {
    context["suggestion"] = {{"text", answer.suggestion},
                             {"url", "/search/?q=" + EncodeFormValue(answer.suggestion)}};
  }
  return pages_->Render(answer.ok ? 200 : 503, "search", std::move(context), "/search/",
                        "Search results", {{"Home", "/"}, {"Search", "/search/"}});
}

}  // namespace bulletin
