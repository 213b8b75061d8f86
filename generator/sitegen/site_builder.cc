#include "sitegen/site_builder.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <functional>
#include <memory>
#include <optional>
#include <set>

#include "content/content_tree.h"
#include "core/parallel.h"
#include "quiz/quiz_parser.h"
#include "sitegen/build_cache.h"
#include "sitegen/build_steps.h"
#include "sitegen/collection_pages.h"
#include "sitegen/compressed_variants.h"
#include "sitegen/dependents.h"
#include "sitegen/feeds.h"
#include "sitegen/output_tree.h"
#include "sitegen/page_writer.h"
#include "sitegen/pages.h"
#include "sitegen/quiz_pages.h"
#include "sitegen/search_page.h"
#include "sitegen/site_model.h"
#include "templating/template_set.h"

namespace bulletin {

namespace {

constexpr size_t kFeedEntries = 50;

void AddFeedsAndStaticFiles(const FileSystem& fs, const BuildOptions& options,
                            const SiteModel& model, std::vector<std::string> urls, OutputTree* out,
                            Diagnostics* diags) {
  const SiteConfig& site = model.site();
  std::vector<const Document*> feed;
  for (size_t i = 0; i < model.by_date.size() && i < kFeedEntries; ++i) {
    feed.push_back(model.by_date[i]->doc);
  }
  out->Add("feed.xml", RenderAtomFeed(site, feed));
  std::sort(urls.begin(), urls.end());
  out->Add("sitemap.xml", RenderSitemap(site, urls));
  out->Add("robots.txt", RenderRobots(site));
  out->Add("assets/theme.css", ":root {\n  --colour-primary: " + site.colour_primary +
                                   ";\n  --colour-focus: " + site.colour_accent + ";\n}\n");

  const std::string tstatic = JoinPath(options.templates_dir, "static");
  for (const std::string& rel : fs.ListFilesRecursive(tstatic)) {
    out->AddCopy("assets/" + rel, JoinPath(tstatic, rel));
  }
  const std::string cstatic = JoinPath(options.content_dir, "static");
  for (const std::string& rel : model.content->static_files) {
    if (!out->AddCopy(rel, JoinPath(cstatic, rel))) {
      diags->Error(JoinPath(cstatic, rel), 0, 0,
                   "clashes with a page the build writes at /" + rel + "; rename or move it");
    }
  }
}

}  // namespace

namespace {

// A document's Markdown, with the limits every build uses.
void RenderBody(const Document& d, Diagnostics* found, RenderedMarkdown* body) {
  MarkdownLimits limits;
  RenderMarkdown(d.body, d.path, d.body_line, limits, found, body);
}

}  // namespace

void RenderBodies(const std::vector<Document>& docs, const std::vector<size_t>& which,
                  std::vector<RenderedMarkdown>* bodies, std::vector<Diagnostics>* found,
                  const ProgressFn& progress) {
  ProgressCounter counter("reading", which.size(), progress);
  ParallelFor(which.size(), WorkerCount(which.size(), 64), [&](size_t k, size_t) {
    RenderBody(docs[which[k]], &(*found)[which[k]], &(*bodies)[which[k]]);
    counter.Tick();
  });
}

void SelectPublished(const ContentTree& content, bool drafts, std::vector<RenderedMarkdown>* bodies,
                     Diagnostics* diags, SiteModel* model) {
  const std::vector<Document>& docs = content.documents;
  for (size_t i = 0; i < docs.size(); ++i) {
    const Document& d = docs[i];
    if (d.withdrawn || (d.draft && !drafts)) continue;
    model->published.push_back({&d, std::move((*bodies)[i])});
  }
  for (const PublishedDocument& p : model->published) {
    const Document& d = *p.doc;
    if (d.kind == DocumentKind::kPage) {
      model->pages.push_back(&p);
    } else {
      model->by_date.push_back(&p);
    }
    if (!d.superseded_by.empty() && content.FindBySlug(d.superseded_by) &&
        !model->Find(d.superseded_by)) {
      diags->Error(d.path, d.FieldLine("superseded_by"), 1,
                   "superseded_by '" + d.superseded_by +
                       "' is withdrawn or a draft, so readers would find no page there");
    }
  }
  std::sort(model->by_date.begin(), model->by_date.end(), [](auto* a, auto* b) {
    if (a->doc->date != b->doc->date) return a->doc->date > b->doc->date;
    return a->doc->title < b->doc->title;
  });
  std::sort(model->pages.begin(), model->pages.end(), [](auto* a, auto* b) {
    if (a->doc->nav_order != b->doc->nav_order) return a->doc->nav_order < b->doc->nav_order;
    return a->doc->title < b->doc->title;
  });
  model->IndexThemes();
}

void GenerateSite(const FileSystem& fs, const BuildOptions& options, SiteModel* model,
                  const TemplateSet& templates, const PageFilter& filter, OutputTree* out,
                  Diagnostics* diags, BuildStats* stats, const GenerateOptions& how) {
  StageTimer timer;
  PageWriter writer(*model, templates, out, diags);
  if (filter) writer.SetFilter(filter);
  // The search index analyses each document on the thread that has just written its page,
  // while that document is still in the cache, and its text and HTML are freed then.
  std::unique_ptr<SiteSearchIndex> index;
  if (how.search_index) {
    index =
        std::make_unique<SiteSearchIndex>(model->site(), out, WorkerCount(model->published.size()));
  }
  auto before = [&](size_t i, size_t worker) { how.before_page(model->published[i], worker); };
  auto after = [&](size_t i, size_t worker) {
    PublishedDocument& p = model->published[i];
    if (index) AddToSearchIndex(index.get(), &p, model->site(), worker, how.release_bodies);
    // Only the document pages show the whole body's HTML (lists show cards, the Think
    // and Key pages blocks): free it before the stages that need memory of their own.
    if (how.release_bodies) std::string().swap(p.body.html);
  };
  WriteDocumentPages(&writer, options.progress, how.before_page ? before : DocumentPageHook(),
                     after);
  timer.Done("document pages");
  // The list pages and the rest of the search index read the model only: make them side
  // by side, longest first (the Think packs hold every prompt of a theme), in pieces small
  // enough that neither core waits long for the other.
  std::vector<std::pair<const char*, std::function<void()>>> tasks = {
      {"think", [&] { WriteThinkPages(&writer); }},
      {"theme pages", [&] { WriteThemePages(&writer); }},
      {"search index",
       [&] {
         if (index) index->Finish();
         index.reset();
         WriteSearchPage(&writer);
       }},
      {"key messages", [&] { WriteKeyMessagePages(&writer); }},
      {"lists",
       [&] {
         WriteIndexPages(&writer);
         WriteQuizPages(&writer);
       }},
  };
  ParallelFor(tasks.size(), WorkerCount(tasks.size(), 1), [&](size_t i, size_t) {
    StageTimer task(CLOCK_THREAD_CPUTIME_ID);
    tasks[i].second();
    task.Done(tasks[i].first);
  });
  timer.Done("lists and search");
  stats->pages = static_cast<int>(writer.urls().size()) + 1;  // + 404.html
  stats->rendered = static_cast<int>(writer.rendered());
  AddFeedsAndStaticFiles(fs, options, *model, writer.urls(), out, diags);
  timer.Done("feeds");
}

namespace {

// The index of `d` in content.documents.
size_t Position(const ContentTree& content, const Document& d) {
  return static_cast<size_t>(&d - content.documents.data());
}

// Renders each document's Markdown, or takes it from the build cache, and frees its source
// once rendered unless the caller reads it after the build (`bulletin check`'s lint).
class BodyMaker {
 public:
  BodyMaker(const BuildOptions& options, ContentTree* content, BuildCache* cache)
      : options_(options),
        content_(*content),
        cache_(cache),
        found_(content->documents.size()),
        save_all_(cache && cache->WantsEveryBody()) {}

  // Fills *body for content.documents[i]; `worker` names the calling thread.
  void Make(size_t i, RenderedMarkdown* body, size_t worker) {
    Document& d = content_.documents[i];
    bool fresh = !cache_ || !cache_->LoadBody(d, body, &found_[i]);
    if (fresh) RenderBody(d, &found_[i], body);
    if (cache_ && (fresh || save_all_)) cache_->SaveBody(d, *body, found_[i], worker);
    if (!options_.keep_sources) std::string().swap(d.body);
  }
  void Make(PublishedDocument& p, size_t worker) {
    Make(Position(content_, *p.doc), &p.body, worker);
  }
  // What rendering reported, in document order.
  void Report(Diagnostics* diags) const {
    for (const Diagnostics& d : found_) diags->Merge(d);
  }

 private:
  const BuildOptions& options_;
  ContentTree& content_;
  BuildCache* cache_;
  std::vector<Diagnostics> found_;  // indexed like content.documents
  bool save_all_;
};

// With a usable cache, the pages that depend on a changed brief or bulletin (and any page
// the live site lacks); renders the changed documents' bodies first, as that depends on
// them. An empty filter (every page) otherwise.
PageFilter CachedPages(const BuildCache& cache, bool drafts, SiteModel* model, BodyMaker* bodies,
                       std::vector<char>* ready, std::set<std::string>* urls) {
  std::vector<std::string> changed;
  std::vector<std::optional<ShownDocument>> before;
  cache.Changes(*model->content, &changed, &before);
  std::set<std::string> paths(changed.begin(), changed.end());
  for (PublishedDocument& p : model->published) {
    if (!paths.count(p.doc->path)) continue;
    bodies->Make(p, 0);
    (*ready)[Position(*model->content, *p.doc)] = true;
  }
  *urls = PagesToRender(*model, changed, before, cache.related(), drafts);
  const Fingerprints* live = cache.live();
  return [urls, live](const std::string& url) {
    return urls->count(url) > 0 || !live->count(PagePath(url));
  };
}

// Records the new site in the cache; a cache that cannot be written costs the next build
// time, nothing else.
void CommitCache(const BuildOptions& options, const SiteModel& model,
                 const std::set<std::string>* urls, uint64_t inputs, const OutputTree& out,
                 BuildCache* cache, Diagnostics* diags) {
  const ContentTree& content = *model.content;
  std::vector<ShownDocument> shown;
  std::vector<const std::vector<Block>*> blocks(content.documents.size());
  for (const PublishedDocument& p : model.published) {
    blocks[Position(content, *p.doc)] = &p.body.blocks;
  }
  static const std::vector<Block> kNone;
  for (size_t i = 0; i < content.documents.size(); ++i) {
    shown.push_back(Describe(content.documents[i], blocks[i] ? *blocks[i] : kNone, options.drafts));
  }
  RelatedLists related;
  if (urls) related = cache->related();
  UpdateRelated(model, urls, &related);
  if (!cache->Commit(content, shown, related, inputs, out.fingerprints())) {
    cache->Abandon();
    diags->Warning(PathBesideOutput(options.out_dir, "cache"), 0, 0,
                   "could not save the build cache, so the next build renders every page");
  }
}

}  // namespace

bool BuildSite(const FileSystem& fs, const BuildOptions& options, Diagnostics* diags,
               BuildStats* stats) {
  StageTimer timer;
  ContentTree content;
  LoadOptions load;
  load.today = options.today;
  bool content_ok = LoadContentTree(fs, options.content_dir, load, diags, &content);
  TemplateSet templates;
  bool templates_ok = templates.Load(fs, options.templates_dir, diags);
  timer.Done("load content");
  if (!content_ok && content.site.name.empty()) {
    diags->Sort();
    return false;
  }
  std::unique_ptr<BuildCache> cache;  // outlives `out`, which holds its fingerprints
  OutputTree out;
  uint64_t inputs = 0;
  if (options.write && options.cache) {
    out.LockBeside(options.out_dir);  // the cache describes what is beside the output
    cache = std::make_unique<BuildCache>(options.out_dir, !options.clean);
    inputs = PageInputsKey(fs, options.content_dir, options.templates_dir, content, options.drafts,
                           options.today);
    timer.Done("read cache");
  }
  BodyMaker bodies(options, &content, cache.get());
  SiteModel model;
  model.content = &content;
  model.today = options.today;
  // Each published document's Markdown is rendered on the thread that then writes its page
  // (GenerateOptions::before_page below); drafts and withdrawn files, which have no page,
  // are rendered here, so they are checked too.
  std::vector<char> ready(content.documents.size());  // bodies made before the pages
  {
    std::vector<size_t> without_page;
    std::vector<RenderedMarkdown> none(content.documents.size());
    SelectPublished(content, options.drafts, &none, diags, &model);
    std::vector<bool> has_page(content.documents.size());
    for (const PublishedDocument& p : model.published) has_page[Position(content, *p.doc)] = true;
    for (size_t i = 0; i < has_page.size(); ++i) {
      if (!has_page[i]) without_page.push_back(i);
    }
    ProgressCounter counter("reading", without_page.size(), options.progress);
    ParallelFor(without_page.size(), WorkerCount(without_page.size(), 64),
                [&](size_t k, size_t worker) {
                  RenderedMarkdown body;
                  bodies.Make(without_page[k], &body, worker);
                  counter.Tick();
                });
    if (!templates_ok) {
      // No pages will be written: render the rest here too, to report what they hold.
      ParallelFor(model.published.size(), WorkerCount(model.published.size(), 64),
                  [&](size_t i, size_t worker) { bodies.Make(model.published[i], worker); });
    }
  }
  std::vector<Quiz> quizzes;
  LoadQuizzes(fs, options.content_dir, content, diags, &quizzes);
  for (Quiz& q : quizzes) {
    if (!q.draft || options.drafts) model.quizzes.push_back(std::move(q));
  }
  stats->documents = static_cast<int>(content.documents.size() + quizzes.size());

  PageFilter filter;
  std::set<std::string> urls;
  bool some_pages = cache && templates_ok && cache->PagesReusable(inputs);
  if (some_pages) filter = CachedPages(*cache, options.drafts, &model, &bodies, &ready, &urls);
  if (cache && cache->live()) out.TrustFingerprints(cache->live(), cache->spare());
  // Pages go to disk as they are made, so the site is never held in memory whole.
  if (options.write && templates_ok && !diags->HasErrors()) out.StageBeside(options.out_dir);
  if (templates_ok) {
    GenerateOptions how;
    how.release_bodies = true;
    how.before_page = [&](PublishedDocument& p, size_t worker) {
      if (!ready[Position(content, *p.doc)]) bodies.Make(p, worker);
    };
    GenerateSite(fs, options, &model, templates, filter, &out, diags, stats, how);
  }
  bodies.Report(diags);
  if (templates_ok) {
    if (options.inspect) options.inspect(model, out, diags);
    timer.Done("inspect");
  }
  stats->files = static_cast<int>(out.size());
  diags->Sort();
  if (diags->HasErrors() || !options.write) {
    if (cache) cache->Abandon();
    return !diags->HasErrors();
  }
  AddCompressedVariants(&out, cache ? cache->live() : nullptr, diags);
  timer.Done("compress");
  if (diags->HasErrors()) {
    if (cache) cache->Abandon();
    return false;
  }
  bool published = out.Publish(options.out_dir, diags);
  timer.Done("publish");
  if (published && cache) {
    CommitCache(options, model, some_pages ? &urls : nullptr, inputs, out, cache.get(), diags);
    timer.Done("write cache");
  } else if (cache) {
    cache->Abandon();
  }
  diags->Sort();
  return published;
}

}  // namespace bulletin
