#include "build/site_builder.h"

#include <algorithm>
#include <atomic>
#include <thread>

#include "build/build_steps.h"
#include "build/feeds.h"
#include "build/output_tree.h"
#include "build/page_writer.h"
#include "build/pages.h"
#include "build/search_page.h"
#include "build/site_model.h"
#include "build/quiz_pages.h"
#include "content/content_tree.h"
#include "quiz/quiz_parser.h"
#include "templating/template_set.h"

namespace bulletin {

void RenderBodies(const std::vector<Document>& docs, const std::vector<size_t>& which,
                  std::vector<RenderedMarkdown>* bodies, std::vector<Diagnostics>* found) {
  size_t threads = std::clamp<size_t>(std::thread::hardware_concurrency(), 1, 16);
  threads = std::min(threads, std::max<size_t>(1, which.size() / 64));
  std::atomic<size_t> next{0};
  auto work = [&] {
    MarkdownLimits limits;
    for (size_t k; (k = next.fetch_add(1)) < which.size();) {
      const Document& d = docs[which[k]];
      RenderMarkdown(d.body, d.path, d.body_line, limits, &(*found)[which[k]],
                     &(*bodies)[which[k]]);
    }
  };
  std::vector<std::thread> pool;
  for (size_t t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (std::thread& th : pool) th.join();
}

void SelectPublished(const ContentTree& content, bool drafts,
                     std::vector<RenderedMarkdown>* bodies, Diagnostics* diags, SiteModel* model) {
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
}

namespace {

constexpr size_t kFeedEntries = 50;

void AddFeedsAndStaticFiles(const FileSystem& fs, const BuildOptions& options,
                            const SiteModel& model, std::vector<std::string> urls,
                            OutputTree* out, Diagnostics* diags) {
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

void GenerateSite(const FileSystem& fs, const BuildOptions& options, const SiteModel& model,
                  const TemplateSet& templates, const PageFilter& filter, OutputTree* out,
                  Diagnostics* diags, BuildStats* stats, bool search_index) {
  PageWriter writer(model, templates, out, diags);
  if (filter) writer.SetFilter(filter);
  WriteDocumentPages(&writer);
  WriteIndexPages(&writer);
  WriteThemePages(&writer);
  WriteCollectionPages(&writer);
  WriteQuizPages(&writer);
  if (search_index) AddSearchIndex(model, out);
  WriteSearchPage(&writer);
  stats->pages = static_cast<int>(writer.urls().size()) + 1;  // + 404.html
  AddFeedsAndStaticFiles(fs, options, model, writer.urls(), out, diags);
}

bool BuildSite(const FileSystem& fs, const BuildOptions& options, Diagnostics* diags,
               BuildStats* stats) {
  ContentTree content;
  LoadOptions load;
  load.today = options.today;
  bool content_ok = LoadContentTree(fs, options.content_dir, load, diags, &content);
  TemplateSet templates;
  bool templates_ok = templates.Load(fs, options.templates_dir, diags);
  if (!content_ok && content.site.name.empty()) {
    diags->Sort();
    return false;
  }
  SiteModel model;
  model.content = &content;
  model.today = options.today;
  {
    // Every document is rendered, so drafts and withdrawn files are checked too.
    std::vector<size_t> all(content.documents.size());
    for (size_t i = 0; i < all.size(); ++i) all[i] = i;
    std::vector<RenderedMarkdown> bodies(all.size());
    std::vector<Diagnostics> found(all.size());
    RenderBodies(content.documents, all, &bodies, &found);
    for (const Diagnostics& d : found) diags->Merge(d);
    SelectPublished(content, options.drafts, &bodies, diags, &model);
  }
  std::vector<Quiz> quizzes;
  LoadQuizzes(fs, options.content_dir, content, diags, &quizzes);
  for (Quiz& q : quizzes) {
    if (!q.draft || options.drafts) model.quizzes.push_back(std::move(q));
  }
  stats->documents = static_cast<int>(content.documents.size() + quizzes.size());

  OutputTree out;
  if (templates_ok) {
    GenerateSite(fs, options, model, templates, {}, &out, diags, stats);
    if (options.inspect) options.inspect(model, out, diags);
  }
  stats->files = static_cast<int>(out.size());
  diags->Sort();
  if (diags->HasErrors()) return false;
  if (!options.write) return true;
  bool published = out.Publish(options.out_dir, diags);
  diags->Sort();
  return published;
}

}  // namespace bulletin
