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
#include "sitegen/dependents.h"
#include "sitegen/output_tree.h"
#include "sitegen/page_writer.h"
#include "sitegen/site_model.h"
#include "templating/template_set.h"

namespace bulletin {

namespace {

// The index of `d` in content.documents.
size_t Position(const ContentTree& content, const Document& d) {
  return static_cast<size_t>(&d - content.documents.data());
}

// Renders each document's Markdown, or takes it from the build cache, has the caller's
// inspect_document check its source, and frees that source.
class BodyMaker {
 public:
  BodyMaker(const BuildOptions& options, ContentTree* content, BuildCache* cache)
      : options_(options),
        content_(*content),
        cache_(cache),
        found_(content->documents.size()),
        inspected_(content->documents.size()),
        save_all_(cache && cache->WantsEveryBody()) {}

  // Fills *body for content.documents[i]; `worker` names the calling thread.
  void Make(size_t i, RenderedMarkdown* body, size_t worker) {
    Document& d = content_.documents[i];
    bool fresh = !cache_ || !cache_->LoadBody(d, body, &found_[i]);
    if (fresh) RenderBody(content_.site, d, &found_[i], body);
    if (cache_ && (fresh || save_all_)) cache_->SaveBody(d, *body, found_[i], worker);
    if (options_.inspect_document) options_.inspect_document(d, content_.site, &inspected_[i]);
    std::string().swap(d.body);
  }
  void Make(PublishedDocument& p, size_t worker) {
    Make(Position(content_, *p.doc), &p.body, worker);
  }
  // What rendering reported, in document order.
  void Report(Diagnostics* diags) const {
    for (size_t i = 0; i < found_.size(); ++i) {
      diags->Merge(found_[i]);
      diags->Merge(inspected_[i]);
    }
  }

 private:
  const BuildOptions& options_;
  ContentTree& content_;
  BuildCache* cache_;
  std::vector<Diagnostics> found_;      // indexed like content.documents; cached
  std::vector<Diagnostics> inspected_;  // the same, from inspect_document; never cached
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

// Renders the bodies of the documents without a page (drafts, withdrawn), so they are
// checked too; with `all`, the published ones as well (no pages will be written, and what
// they hold must still be reported).
void RenderPagelessBodies(SiteModel* model, const ProgressFn& progress, bool all,
                          BodyMaker* bodies) {
  const ContentTree& content = *model->content;
  std::vector<bool> has_page(content.documents.size());
  for (const PublishedDocument& p : model->published) has_page[Position(content, *p.doc)] = true;
  std::vector<size_t> without_page;
  for (size_t i = 0; i < has_page.size(); ++i) {
    if (!has_page[i]) without_page.push_back(i);
  }
  ProgressCounter counter("reading", without_page.size(), progress);
  ParallelFor(without_page.size(), WorkerCount(without_page.size(), 64),
              [&](size_t k, size_t worker) {
                RenderedMarkdown body;
                bodies->Make(without_page[k], &body, worker);
                counter.Tick();
              });
  if (all) {
    ParallelFor(model->published.size(), WorkerCount(model->published.size(), 64),
                [&](size_t i, size_t worker) { bodies->Make(model->published[i], worker); });
  }
}

// The cache the last build left beside the output folder, with `out` locked so that no
// other build changes that folder meanwhile, and *inputs the key of what the pages read;
// null when the build writes nothing or runs without a cache.
std::unique_ptr<BuildCache> OpenCache(const FileSystem& fs, const BuildOptions& options,
                                      const ContentTree& content, OutputTree* out,
                                      uint64_t* inputs) {
  if (!options.write || !options.cache) return nullptr;
  out->LockBeside(options.out_dir);  // the cache describes what is beside the output
  auto cache = std::make_unique<BuildCache>(options.out_dir, !options.clean);
  *inputs = PageInputsKey(fs, options.content_dir, options.templates_dir, content, options.drafts,
                          options.today);
  return cache;
}

// Swaps the staged site in and records it in the cache (`urls`: the pages rendered, null
// for all). Returns false if the site could not be published.
bool Publish(const BuildOptions& options, const SiteModel& model, const std::set<std::string>* urls,
             uint64_t inputs, OutputTree* out, BuildCache* cache, Diagnostics* diags,
             StageTimer* timer) {
  bool published = out->Publish(options.out_dir, diags);
  timer->Done("publish");
  if (published && cache) {
    CommitCache(options, model, urls, inputs, *out, cache, diags);
    timer->Done("write cache");
  } else if (cache) {
    cache->Abandon();
  }
  diags->Sort();
  return published;
}

}  // namespace

// The build's stages in order (a little over 60 lines: each line is a stage or its wiring;
// the stages themselves are the helpers above and build_steps.h).
bool BuildSite(const FileSystem& fs, const BuildOptions& options, Diagnostics* diags,
               BuildStats* stats) {
  StageTimer timer;
  ContentTree content;
  LoadOptions load;
  load.today = options.today;
  load.base_url = options.base_url;
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
  cache = OpenCache(fs, options, content, &out, &inputs);
  if (cache) timer.Done("read cache");
  BodyMaker bodies(options, &content, cache.get());
  SiteModel model;
  model.content = &content;
  model.today = options.today;
  // Each published document's Markdown is rendered on the thread that then writes its page
  // (GenerateOptions::before_page below); drafts and withdrawn files, which have no page,
  // are rendered here, so they are checked too.
  std::vector<char> ready(content.documents.size());  // bodies made before the pages
  {
    std::vector<RenderedMarkdown> none(content.documents.size());
    SelectPublished(content, options.drafts, &none, diags, &model);
  }
  RenderPagelessBodies(&model, options.progress, !templates_ok, &bodies);
  stats->documents =
      static_cast<int>(content.documents.size() + AddQuizzes(fs, options, diags, &model));

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
  return Publish(options, model, some_pages ? &urls : nullptr, inputs, &out, cache.get(), diags,
                 &timer);
}

}  // namespace bulletin
