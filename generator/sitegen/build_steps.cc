#include "sitegen/build_steps.h"

#include <algorithm>
#include <ctime>
#include <functional>
#include <memory>

#include "core/parallel.h"
#include "quiz/quiz_parser.h"
#include "sitegen/collection_pages.h"
#include "sitegen/feeds.h"
#include "sitegen/page_writer.h"
#include "sitegen/pages.h"
#include "sitegen/quiz_pages.h"
#include "sitegen/search_page.h"

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

size_t AddQuizzes(const FileSystem& fs, const BuildOptions& options, Diagnostics* diags,
                  SiteModel* model) {
  std::vector<Quiz> quizzes;
  LoadQuizzes(fs, options.content_dir, *model->content, diags, &quizzes);
  for (Quiz& q : quizzes) {
    if (!q.draft || options.drafts) model->quizzes.push_back(std::move(q));
  }
  return quizzes.size();
}

namespace {

// The themes a `> [!THINK: ...]` block declares, as slugs; an unknown one is an error.
void ResolveBlockThemes(const SiteConfig& site, const std::string& path, RenderedMarkdown* body,
                        Diagnostics* diags) {
  for (Block& b : body->blocks) {
    std::vector<std::string> slugs;
    for (const std::string& theme : b.themes) {
      std::string slug = site.ThemeSlugFor(theme);
      if (slug.empty()) {
        diags->Error(path, b.line, 1, "block " + site.UnknownThemeMessage(theme));
      } else if (std::find(slugs.begin(), slugs.end(), slug) == slugs.end()) {
        slugs.push_back(slug);
      }
    }
    b.themes = std::move(slugs);
  }
}

}  // namespace

void RenderBody(const SiteConfig& site, const Document& d, Diagnostics* found,
                RenderedMarkdown* body) {
  MarkdownLimits limits;
  RenderMarkdown(d.body, d.path, d.body_line, limits, found, body);
  ResolveBlockThemes(site, d.path, body, found);
}

void RenderBodies(const SiteConfig& site, const std::vector<Document>& docs,
                  const std::vector<size_t>& which, std::vector<RenderedMarkdown>* bodies,
                  std::vector<Diagnostics>* found, const ProgressFn& progress) {
  ProgressCounter counter("reading", which.size(), progress);
  ParallelFor(which.size(), WorkerCount(which.size(), 64), [&](size_t k, size_t) {
    RenderBody(site, docs[which[k]], &(*found)[which[k]], &(*bodies)[which[k]]);
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
         if (index) {
           // The document pages are written, so no other thread adds now: worker 0.
           for (const SearchDocument& d : CollectionSearchDocuments(*model)) index->Add(d, 0);
           index->Finish();
         }
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

}  // namespace bulletin
