#include "sitegen/search_page.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "core/parallel.h"
#include "search/index_writer.h"
#include "sitegen/collection_pages.h"

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

// Theme pages, Think packs, key messages and quizzes gather what briefs say: for the same
// words they rank below the briefs (SearchDocument::rank).
constexpr double kGatheredRank = 0.35;

SearchDocument ThemedDocument(const Theme& t, std::string url, std::string title, const char* type,
                              const char* label, std::string summary) {
  SearchDocument s;
  s.url = std::move(url);
  s.title = std::move(title);
  s.type = type;
  s.type_label = label;
  s.summary = std::move(summary);
  s.themes.emplace_back(t.slug, t.name);
  s.rank = kGatheredRank;
  return s;
}

// A theme's Think pack or key messages page: the blocks as its emphasised text and body.
SearchDocument CollectionDocument(const Theme& t, const std::vector<SourcedBlock>& blocks,
                                  BlockKind kind) {
  bool think = kind == BlockKind::kThink;
  SearchDocument s =
      think
          ? ThemedDocument(t, "/think/" + t.slug + "/", "Think pack: " + t.name, "think",
                           "Think pack", "Prompts for discussing " + t.name + " in a team meeting.")
          : ThemedDocument(t, "/key-messages/" + t.slug + "/", "Key messages: " + t.name, "key",
                           "Key messages", "The key messages on " + t.name + " from every brief.");
  for (const SourcedBlock& b : blocks) {
    s.emphasised.push_back(b.block->text);
    s.body += b.block->text + "\n";
  }
  return s;
}

}  // namespace

std::vector<SearchDocument> CollectionSearchDocuments(const SiteModel& model) {
  const SiteConfig& site = model.site();
  std::vector<SearchDocument> out;
  for (const Quiz& q : model.quizzes) {
    SearchDocument s;
    s.url = q.Url();
    s.title = q.title;
    s.type = "quiz";
    s.type_label = "Quiz";
    s.summary = q.summary;
    s.rank = kGatheredRank;
    for (const std::string& slug : q.themes) {
      if (const Theme* t = site.FindTheme(slug)) s.themes.emplace_back(t->slug, t->name);
    }
    for (const QuizQuestion& question : q.questions) {
      s.headings.push_back(question.text);
      s.body += question.text + "\n";
    }
    out.push_back(std::move(s));
  }
  std::vector<ThemeBlocks> blocks = BlocksByTheme(model);
  for (size_t i = 0; i < site.themes.size(); ++i) {
    const Theme& t = site.themes[i];
    SearchDocument theme = ThemedDocument(
        t, "/themes/" + t.slug + "/", t.name, "theme", "Theme",
        t.description.empty() ? "Everything published on " + t.name + "." : t.description);
    theme.body = theme.summary;
    out.push_back(std::move(theme));
    for (BlockKind kind : {BlockKind::kThink, BlockKind::kKey}) {
      if (!blocks[i].Of(kind).empty())
        out.push_back(CollectionDocument(t, blocks[i].Of(kind), kind));
    }
  }
  return out;
}

// One index being built: the stemmer and synonyms its builder reads, and how long the index
// itself has taken (for bench/search's BULLETIN_SEARCH_TIMING line), apart from any other
// work done on the same threads.
struct SiteSearchIndex::Run {
  Run(const std::vector<std::vector<std::string>>& groups, const SearchIndexOptions& options,
      OutputTree* out, size_t workers)
      : synonyms(groups, &stemmer),
        builder(synonyms, options, workers,
                [out](std::string path, std::string contents) {
                  // A second file with the same name has the same bytes.
                  out->Add("search-index/" + path, std::move(contents));
                }),
        busy(workers) {}

  Stemmer stemmer;
  SynonymTable synonyms;
  SearchIndexBuilder builder;
  std::vector<std::chrono::steady_clock::duration> busy;  // per worker, in Add
};

SiteSearchIndex::SiteSearchIndex(const std::vector<std::vector<std::string>>& synonyms,
                                 const SearchIndexOptions& options, OutputTree* out, size_t workers)
    : run_(std::make_unique<Run>(synonyms, options, out, std::max<size_t>(workers, 1))) {}

SiteSearchIndex::SiteSearchIndex(const SiteConfig& site, OutputTree* out, size_t workers)
    : SiteSearchIndex(SynonymGroups(site), IndexOptions(site), out, workers) {}

SiteSearchIndex::~SiteSearchIndex() = default;

void SiteSearchIndex::Add(const SearchDocument& doc, size_t worker) {
  auto start = std::chrono::steady_clock::now();
  run_->builder.Add(doc, worker);
  run_->busy[worker] += std::chrono::steady_clock::now() - start;
}

size_t SiteSearchIndex::Finish() {
  auto start = std::chrono::steady_clock::now();
  SearchIndexStats stats = run_->builder.Finish();
  if (std::getenv("BULLETIN_SEARCH_TIMING")) {
    // The busiest worker's analysis, then the rest: the index's own time, as if nothing
    // else had shared its threads.
    std::chrono::duration<double, std::milli> ms =
        *std::max_element(run_->busy.begin(), run_->busy.end()) +
        (std::chrono::steady_clock::now() - start);
    std::fprintf(stderr,
                 "search index: %zu documents, %zu terms, %zu chunks, %zu "
                 "bytes in %.0f ms\n",
                 stats.documents, stats.terms, stats.chunks, stats.bytes, ms.count());
  }
  return stats.bytes;
}

void AddToSearchIndex(SiteSearchIndex* index, PublishedDocument* p, const SiteConfig& site,
                      size_t worker, bool release_text) {
  if (!release_text) return index->Add(ToSearchDocument(*p, site), worker);
  std::string text;
  text.swap(p->body.text);  // only the index reads it: moved, then freed
  SearchDocument d = ToSearchDocument(*p, site);
  d.body = std::move(text);
  index->Add(d, worker);
}

SearchInput CollectSearchInput(const SiteModel& model) {
  const SiteConfig& site = model.site();
  SearchInput in;
  for (const PublishedDocument& p : model.published) in.docs.push_back(ToSearchDocument(p, site));
  for (SearchDocument& d : CollectionSearchDocuments(model)) in.docs.push_back(std::move(d));
  in.synonyms = SynonymGroups(site);
  in.options = IndexOptions(site);
  return in;
}

size_t AddSearchIndex(SearchInput in, OutputTree* out) {
  size_t workers = WorkerCount(in.docs.size());
  SiteSearchIndex index(in.synonyms, in.options, out, workers);
  ParallelFor(in.docs.size(), workers, [&](size_t i, size_t worker) {
    SearchDocument d = std::move(in.docs[i]);  // freed once analysed
    index.Add(d, worker);
  });
  return index.Finish();
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
