#include "build/search_page.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "core/parallel.h"
#include "search/index_writer.h"

namespace bulletin {

using nlohmann::json;

namespace {

SearchDocument ToSearchDocument(const PublishedDocument& p, const SiteConfig& site) {
  const Document& d = *p.doc;
  SearchDocument s;
  s.url = d.Url();
  s.title = d.title;
  s.type = KindName(d.kind);
  s.type_label = KindLabel(d.kind);
  s.date_iso = d.date ? d.date->ToIso() : "";
  s.date_long = d.date ? d.date->ToLong() : "";
  s.partnership = d.kind == DocumentKind::kPage ? "" : d.partnership;
  s.summary = d.summary;
  for (const std::string& slug : d.themes) {
    if (const Theme* t = site.FindTheme(slug)) s.themes.emplace_back(t->slug, t->name);
  }
  s.audience = d.audience;
  for (const Heading& h : p.body.headings) s.headings.push_back(h.text);
  for (const Block& b : p.body.blocks) {
    if (b.kind == BlockKind::kThink || b.kind == BlockKind::kKey) s.emphasised.push_back(b.text);
  }
  s.body = p.body.text;
  return s;
}

std::vector<std::vector<std::string>> SynonymGroups(const SiteConfig& site) {
  std::vector<std::vector<std::string>> groups = DefaultSynonymGroups();
  groups.insert(groups.end(), site.synonyms.begin(), site.synonyms.end());
  return groups;
}

SearchIndexOptions IndexOptions(const SiteConfig& site) {
  SearchIndexOptions options;
  for (const Theme& t : site.themes) options.themes.push_back({t.slug, t.name});
  return options;
}

// Builds the index from `count` documents, make_doc(i) giving the i-th, on every core; each file
// goes into `out` as it is made.
template <typename MakeDoc>
size_t BuildIndex(size_t count, const std::vector<std::vector<std::string>>& groups,
                  const SearchIndexOptions& options, MakeDoc make_doc, OutputTree* out) {
  auto start = std::chrono::steady_clock::now();
  Stemmer stemmer;
  SynonymTable synonyms(groups, &stemmer);
  size_t workers = WorkerCount(count);
  SearchIndexBuilder builder(synonyms, options, workers,
                             [out](std::string path, std::string contents) {
                               // A second file with the same name has the same bytes.
                               out->Add("search-index/" + path, std::move(contents));
                             });
  ParallelFor(count, workers, [&](size_t i, size_t worker) { builder.Add(make_doc(i), worker); });
  SearchIndexStats stats = builder.Finish();
  // For bench/search: how long the index took, without the rest of the build.
  if (std::getenv("BULLETIN_SEARCH_TIMING")) {
    std::chrono::duration<double, std::milli> ms = std::chrono::steady_clock::now() - start;
    std::fprintf(stderr,
                 "search index: %zu documents, %zu terms, %zu chunks, %zu "
                 "bytes in %.0f ms\n",
                 stats.documents, stats.terms, stats.chunks, stats.bytes, ms.count());
  }
  return stats.bytes;
}

}  // namespace

SearchInput CollectSearchInput(const SiteModel& model) {
  const SiteConfig& site = model.site();
  SearchInput in;
  for (const PublishedDocument& p : model.published) in.docs.push_back(ToSearchDocument(p, site));
  in.synonyms = SynonymGroups(site);
  in.options = IndexOptions(site);
  return in;
}

size_t AddSearchIndex(SearchInput in, OutputTree* out) {
  // Each document's text is freed once it is analysed.
  return BuildIndex(
      in.docs.size(), in.synonyms, in.options, [&in](size_t i) { return std::move(in.docs[i]); },
      out);
}

size_t AddSearchIndex(SiteModel* model, OutputTree* out, bool release_text) {
  const SiteConfig& site = model->site();
  return BuildIndex(
      model->published.size(), SynonymGroups(site), IndexOptions(site),
      [&](size_t i) {
        PublishedDocument& p = model->published[i];
        SearchDocument d = ToSearchDocument(p, site);
        if (release_text) std::string().swap(p.body.text);  // only the index reads it
        return d;
      },
      out);
}

void WriteSearchPage(PageWriter* w) {
  const SiteConfig& site = w->model().site();
  json themes = json::array();
  for (const Theme& t : site.themes) {
    themes.push_back({{"name", t.name}, {"url", "/themes/" + t.slug + "/"}});
  }
  w->Write("/search/", "search", {{"themes", themes}, {"page_description", "Search " + site.name}},
           "Search", {{"Home", "/"}});
}

}  // namespace bulletin
