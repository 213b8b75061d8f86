#include "sitegen/incremental.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <thread>
#include <unordered_map>

#include "content/content_tree.h"
#include "core/hash.h"
#include "core/parallel.h"
#include "quiz/quiz_parser.h"
#include "sitegen/build_steps.h"
#include "sitegen/dependents.h"
#include "sitegen/output_tree.h"
#include "sitegen/search_page.h"
#include "templating/template_set.h"

namespace bulletin {

namespace stdfs = std::filesystem;

namespace {

constexpr std::string_view kIndexFolder = "search-index/";

std::string Normal(const std::string& path) {
  return stdfs::path(path).lexically_normal().string();
}

// Writes beside the target, then renames over it: the server never sends half a file.
bool WriteAtomically(const stdfs::path& path, const std::string& contents, std::string* err) {
  stdfs::path tmp = path.parent_path() / ("." + path.filename().string() + ".tmp");
  if (!WriteFileCreatingDirs(tmp.string(), contents, err)) return false;
  std::error_code ec;
  stdfs::rename(tmp, path, ec);
  if (ec) *err = path.string() + ": " + ec.message();
  return !ec;
}

// Removes a file and then the folders it leaves empty, up to the site's root.
void RemoveWithEmptyFolders(const stdfs::path& root, const std::string& rel) {
  std::error_code ec;
  stdfs::remove(root / rel, ec);
  for (stdfs::path dir = stdfs::path(rel).parent_path(); !dir.empty(); dir = dir.parent_path()) {
    if (!stdfs::is_empty(root / dir, ec) || ec) break;
    stdfs::remove(root / dir, ec);
  }
}

}  // namespace

struct IncrementalBuild::State {
  State(const FileSystem& f, BuildOptions o) : fs(f), options(std::move(o)) {}

  bool Reload(Diagnostics* diags, IncrementalStats* stats);
  bool UpdateDocuments(const std::vector<std::string>& paths, Diagnostics* diags,
                       IncrementalStats* stats);
  // Runs the generators over the current state and writes what changed.
  bool Assemble(bool all_pages, Diagnostics* diags, IncrementalStats* stats);
  // Writes the files of `out` that changed, and deletes the files within `scope` that
  // `out` no longer has.
  bool Write(OutputTree& out, bool copies_changed,
             const std::function<bool(const std::string&)>& scope, Diagnostics* diags,
             IncrementalStats* stats);
  // The index in content.documents of `path`, or where it would go.
  size_t IndexOf(const std::string& path) const;
  // A brief or bulletin file, the only kind an Update handles without reloading.
  std::optional<DocumentKind> ArticleKind(const std::string& path) const;
  enum class Change { kArticle, kNone, kOther };
  // What a changed path means: a brief or bulletin; nothing a clean build would notice (an
  // editor's temporary or backup file beside the briefs, already gone); or anything else.
  Change Classify(const std::string& path) const;

  const FileSystem& fs;
  BuildOptions options;
  bool loaded = false;     // the last Reload loaded without errors
  bool published = false;  // out_dir holds a site this object wrote
  bool render_all = true;  // the next write renders every page (after a reload)

  // Once a site is out, its search index is rebuilt on a thread of its own, so that a save
  // shows in the pages at once and a newer save supersedes an index still being built.
  void IndexLoop();
  // Hands the model's search input to that thread, starting it the first time.
  void QueueSearchIndex(const SiteModel& model);
  // What loading and rendering reported, and the checks across documents.
  Diagnostics Reported() const;
  // Runs options.inspect_document on content.documents[i] for each i in `which`.
  void InspectDocuments(const std::vector<size_t>& which);
  // The pages the pending changes touch.
  std::set<std::string> ChangedPages(const SiteModel& model) const;
  std::mutex write_mutex;  // `written` and the files on disk
  std::mutex index_mutex;  // the rest of this group
  std::condition_variable index_cv;
  std::optional<SearchInput> index_job;
  unsigned index_queued = 0, index_done = 0;  // generations
  bool index_ok = true;
  std::string index_error;
  bool stopping = false;
  std::function<void(bool, double)> on_index;
  std::thread index_thread;

  ContentTree content;
  // Indexed like content.documents.
  std::vector<Diagnostics> parse_diags, render_diags, inspect_diags;
  std::vector<RenderedMarkdown> bodies;
  Diagnostics base_diags;  // site.yaml, templates, ignored files
  TemplateSet templates;
  bool templates_ok = false;

  Diagnostics last_diags;  // what the last run reported
  bool last_ok = false;
  // As last written: each article page's related briefs (slugs), each file's fingerprint.
  RelatedLists related;
  Fingerprints written;
  // The documents changed since the last write, as they were then (nullopt: not there).
  std::map<std::string, std::optional<ShownDocument>> pending;  // by path
};

size_t IncrementalBuild::State::IndexOf(const std::string& path) const {
  return DocumentPosition(content, path);
}

std::optional<DocumentKind> IncrementalBuild::State::ArticleKind(const std::string& path) const {
  stdfs::path p(path);
  if (p.extension() != ".md" || p.filename().string().front() == '.') return std::nullopt;
  std::string dir = Normal(p.parent_path().string());
  for (DocumentKind kind : {DocumentKind::kBrief, DocumentKind::kBulletin}) {
    if (dir == Normal(JoinPath(options.content_dir, KindFolder(kind)))) return kind;
  }
  return std::nullopt;
}

IncrementalBuild::State::Change IncrementalBuild::State::Classify(const std::string& path) const {
  if (ArticleKind(path)) return Change::kArticle;
  stdfs::path p(path);
  std::string dir = Normal(p.parent_path().string());
  bool beside_articles = false;
  for (DocumentKind kind : {DocumentKind::kBrief, DocumentKind::kBulletin, DocumentKind::kPage}) {
    beside_articles =
        beside_articles || dir == Normal(JoinPath(options.content_dir, KindFolder(kind)));
  }
  if (!beside_articles) return Change::kOther;
  std::string name = p.filename().string();
  if (name.empty() || name.front() == '.') return Change::kNone;  // the loader skips dot files
  if (p.extension() == ".md") return Change::kOther;              // a page
  // Another file: the loader warns about it while it exists.
  if (fs.IsFile(path)) return Change::kOther;
  for (const Diagnostic& d : base_diags.items()) {
    if (Normal(d.path) == Normal(path)) return Change::kOther;
  }
  return Change::kNone;
}

bool IncrementalBuild::State::Reload(Diagnostics* diags, IncrementalStats* stats) {
  stats->reloaded = true;
  // Bodies whose text has not changed are not rendered again.
  struct Kept {
    std::string body;
    int body_line;
    RenderedMarkdown html;
    Diagnostics diags;
  };
  std::unordered_map<std::string, Kept> kept;
  for (size_t i = 0; i < content.documents.size() && i < bodies.size(); ++i) {
    Document& d = content.documents[i];
    kept[d.path] = {std::move(d.body), d.body_line, std::move(bodies[i]),
                    std::move(render_diags[i])};
  }
  content = ContentTree();
  parse_diags.clear();
  base_diags = Diagnostics();
  LoadOptions load;
  load.today = options.today;
  load.base_url = options.base_url;
  load.per_document = &parse_diags;
  load.check_documents = false;
  bool content_ok = LoadContentTree(fs, options.content_dir, load, &base_diags, &content);
  templates = TemplateSet();
  templates_ok = templates.Load(fs, options.templates_dir, &base_diags);
  render_all = true;
  if (!content_ok && content.site.name.empty()) {
    loaded = false;
    content.documents.clear();
    bodies.clear();
    inspect_diags.clear();
    *diags = base_diags;
    diags->Sort();
    last_diags = *diags;
    last_ok = false;
    return false;
  }
  size_t n = content.documents.size();
  bodies.assign(n, RenderedMarkdown());
  render_diags.assign(n, Diagnostics());
  inspect_diags.assign(n, Diagnostics());
  std::vector<size_t> which;
  for (size_t i = 0; i < n; ++i) {
    const Document& d = content.documents[i];
    auto it = kept.find(d.path);
    if (it != kept.end() && it->second.body == d.body && it->second.body_line == d.body_line) {
      bodies[i] = std::move(it->second.html);
      render_diags[i] = std::move(it->second.diags);
    } else {
      which.push_back(i);
    }
  }
  RenderBodies(content.site, content.documents, which, &bodies, &render_diags);
  // site.yaml or a document's front matter may have changed what its checks find.
  std::vector<size_t> every(n);
  for (size_t i = 0; i < n; ++i) every[i] = i;
  InspectDocuments(every);
  loaded = true;
  return Assemble(true, diags, stats);
}

bool IncrementalBuild::State::UpdateDocuments(const std::vector<std::string>& paths,
                                              Diagnostics* diags, IncrementalStats* stats) {
  StageTimer timer;
  std::set<std::string> fresh;  // documents read by this update
  for (const std::string& path : paths) {
    DocumentKind kind = *ArticleKind(path);
    std::string name = stdfs::path(path).filename().string();
    std::string doc_path = JoinPath(JoinPath(options.content_dir, KindFolder(kind)), name);
    size_t i = IndexOf(doc_path);
    bool present = i < content.documents.size() && content.documents[i].path == doc_path;
    if (!pending.count(doc_path)) {
      std::optional<ShownDocument>& before = pending[doc_path];
      if (present) before = Describe(content.documents[i], bodies[i].blocks, options.drafts);
    }
    if (present) {
      content.documents.erase(content.documents.begin() + i);
      bodies.erase(bodies.begin() + i);
      parse_diags.erase(parse_diags.begin() + i);
      render_diags.erase(render_diags.begin() + i);
      inspect_diags.erase(inspect_diags.begin() + i);
    }
    fresh.erase(doc_path);
    if (!fs.IsFile(doc_path)) continue;  // deleted, or renamed away
    Document doc;
    Diagnostics own;
    if (!LoadDocumentFile(fs, options.content_dir, kind, name, content.site, &own, &doc)) {
      return Reload(diags, stats);  // unreadable: report it as a clean build would
    }
    content.documents.insert(content.documents.begin() + i, std::move(doc));
    bodies.insert(bodies.begin() + i, RenderedMarkdown());
    parse_diags.insert(parse_diags.begin() + i, std::move(own));
    render_diags.insert(render_diags.begin() + i, Diagnostics());
    inspect_diags.insert(inspect_diags.begin() + i, Diagnostics());
    fresh.insert(doc_path);
  }
  // Indexes shift as documents come and go: find them once every change is in place.
  std::vector<size_t> which;
  for (const std::string& path : fresh) which.push_back(IndexOf(path));
  RenderBodies(content.site, content.documents, which, &bodies, &render_diags);
  InspectDocuments(which);
  timer.Done("read and render");
  return Assemble(render_all, diags, stats);
}

bool IncrementalBuild::State::Assemble(bool all_pages, Diagnostics* diags,
                                       IncrementalStats* stats) {
  StageTimer timer;
  Diagnostics all = Reported();

  SiteModel model;
  model.content = &content;
  model.today = options.today;
  SelectPublished(content, options.drafts, &bodies, &all, &model);
  size_t quizzes = AddQuizzes(fs, options, &all, &model);
  stats->build.documents = static_cast<int>(content.documents.size() + quizzes);
  timer.Done("model");
  // The model borrowed the bodies: give them back however this ends.
  struct GiveBack {
    State* s;
    SiteModel* m;
    ~GiveBack() {
      for (PublishedDocument& p : m->published) {
        s->bodies[p.doc - s->content.documents.data()] = std::move(p.body);
      }
    }
  } give_back{this, &model};

  std::set<std::string> urls;
  if (!all_pages) urls = ChangedPages(model);
  timer.Done("changed pages");
  OutputTree out;
  // Pages not rendered again are on disk as they should be; the link checker reads them.
  if (published) out.ReadKeptFrom(options.out_dir);
  if (templates_ok) {
    PageFilter filter;
    if (!all_pages) filter = [&urls](const std::string& url) { return urls.count(url) > 0; };
    // Once a site is out, the search index (the slowest part) follows the pages.
    GenerateOptions how;
    how.search_index = !published;
    GenerateSite(fs, options, &model, templates, filter, &out, &all, &stats->build, how);
  }
  timer.Restart();
  if (templates_ok && options.inspect) options.inspect(model, out, &all);
  timer.Done("inspect");
  stats->build.files = static_cast<int>(out.size());
  all.Sort();
  *diags = all;
  last_diags = all;
  last_ok = false;
  if (all.HasErrors()) return false;
  bool in_two = published;
  auto pages = [&](const std::string& path) { return !in_two || !path.starts_with(kIndexFolder); };
  {
    std::lock_guard<std::mutex> lock(write_mutex);
    if (!Write(out, all_pages, pages, diags, stats)) return false;
  }
  timer.Done("write");
  if (in_two) QueueSearchIndex(model);
  last_ok = true;
  UpdateRelated(model, all_pages ? nullptr : &urls, &related);
  timer.Done("index input");
  pending.clear();
  render_all = false;
  return true;
}

Diagnostics IncrementalBuild::State::Reported() const {
  Diagnostics all = base_diags;
  for (size_t i = 0; i < content.documents.size(); ++i) {
    all.Merge(parse_diags[i]);
    all.Merge(render_diags[i]);
    all.Merge(inspect_diags[i]);
  }
  LoadOptions load;
  load.today = options.today;
  CheckDocuments(content, load, &all);
  return all;
}

void IncrementalBuild::State::InspectDocuments(const std::vector<size_t>& which) {
  if (!options.inspect_document) return;
  ParallelFor(which.size(), WorkerCount(which.size(), 64), [&](size_t k, size_t) {
    size_t i = which[k];
    inspect_diags[i] = Diagnostics();
    options.inspect_document(content.documents[i], content.site, &inspect_diags[i]);
  });
}

std::set<std::string> IncrementalBuild::State::ChangedPages(const SiteModel& model) const {
  std::vector<std::string> changed;
  std::vector<std::optional<ShownDocument>> before;
  for (const auto& [path, then] : pending) {
    changed.push_back(path);
    before.push_back(then);
  }
  return PagesToRender(model, changed, before, related, options.drafts);
}

void IncrementalBuild::State::QueueSearchIndex(const SiteModel& model) {
  SearchInput input = CollectSearchInput(model);  // a copy, while the model holds the bodies
  {
    std::lock_guard<std::mutex> lock(index_mutex);
    index_job = std::move(input);
    ++index_queued;
  }
  index_cv.notify_all();
  if (!index_thread.joinable()) index_thread = std::thread([this] { IndexLoop(); });
}

// Rendered files, then copied ones, then those gone (a little over 60 lines: the three
// passes share `present` and `written`).
bool IncrementalBuild::State::Write(OutputTree& out, bool copies_changed,
                                    const std::function<bool(const std::string&)>& scope,
                                    Diagnostics* diags, IncrementalStats* stats) {
  for (const auto& [path, contents] : out.files()) {
    stats->pages_rendered += path.ends_with(".html") ? 1 : 0;
  }
  auto source_fingerprint = [&](const std::string& source) {
    std::string bytes, err;
    return fs.ReadFile(source, &bytes, &err) ? Hash64(bytes) : 0;
  };
  if (!published) {
    if (!out.Publish(options.out_dir, diags)) return false;
    written = out.fingerprints();  // every file, copies too
    stats->files_written += static_cast<int>(written.size());
    published = true;
    return true;
  }
  stdfs::path root(options.out_dir);
  std::string err;
  std::unordered_map<std::string, bool> present;
  // The search index's manifest names its other files: write it after them, so a browser
  // never fetches a manifest whose files are not there yet.
  std::vector<std::pair<const std::string*, const std::string*>> order;
  order.reserve(out.files().size());
  for (const auto& [path, contents] : out.files()) order.emplace_back(&path, &contents);
  std::stable_partition(order.begin(), order.end(), [](const auto& file) {
    return !file.first->ends_with("search-index/manifest.json");
  });
  for (const auto& [path_ptr, contents_ptr] : order) {
    const std::string& path = *path_ptr;
    const std::string& contents = *contents_ptr;
    present[path] = true;
    uint64_t f = out.fingerprints().at(path);  // hashed as it was added
    auto it = written.find(path);
    if (it != written.end() && it->second == f) continue;
    if (!WriteAtomically(root / path, contents, &err)) {
      diags->Error(options.out_dir, 0, 0, "cannot write the site: " + err);
      return false;
    }
    written[path] = f;
    ++stats->files_written;
  }
  for (const auto& [path, source] : out.copies()) {
    present[path] = true;
    if (!copies_changed && written.count(path)) continue;
    uint64_t f = source_fingerprint(source);
    auto it = written.find(path);
    if (it != written.end() && it->second == f) continue;
    std::string bytes;
    if (!fs.ReadFile(source, &bytes, &err) || !WriteAtomically(root / path, bytes, &err)) {
      diags->Error(source, 0, 0, "cannot copy into the site: " + err);
      return false;
    }
    written[path] = f;
    ++stats->files_written;
  }
  for (const std::string& path : out.kept()) present[path] = true;
  for (auto it = written.begin(); it != written.end();) {
    if (present.count(it->first) || !scope(it->first)) {
      ++it;
      continue;
    }
    RemoveWithEmptyFolders(root, it->first);
    ++stats->files_removed;
    it = written.erase(it);
  }
  return true;
}

IncrementalBuild::IncrementalBuild(const FileSystem& fs, BuildOptions options)
    : state_(std::make_unique<State>(fs, std::move(options))) {}

IncrementalBuild::~IncrementalBuild() {
  State& s = *state_;
  {
    std::lock_guard<std::mutex> lock(s.index_mutex);
    s.stopping = true;
  }
  s.index_cv.notify_all();
  if (s.index_thread.joinable()) s.index_thread.join();
}

void IncrementalBuild::SetToday(Date today) {
  State& s = *state_;
  if (today == s.options.today) return;
  s.options.today = today;
  s.loaded = false;  // every page's footer and every review_by warning may change
}

void IncrementalBuild::OnSearchIndexWritten(std::function<void(bool ok, double ms)> callback) {
  state_->on_index = std::move(callback);
}

bool IncrementalBuild::WaitForSearchIndex(Diagnostics* diags) {
  State& s = *state_;
  std::unique_lock<std::mutex> lock(s.index_mutex);
  s.index_cv.wait(lock, [&s] { return s.index_done == s.index_queued; });
  if (!s.index_ok) diags->Error(s.options.out_dir, 0, 0, s.index_error);
  return s.index_ok;
}

void IncrementalBuild::State::IndexLoop() {
  for (;;) {
    SearchInput job;
    unsigned generation;
    {
      std::unique_lock<std::mutex> lock(index_mutex);
      index_cv.wait(lock, [this] { return stopping || index_job; });
      if (stopping) return;
      job = std::move(*index_job);
      index_job.reset();
      generation = index_queued;
    }
    auto started = std::chrono::steady_clock::now();
    OutputTree index;
    AddSearchIndex(std::move(job), &index);
    bool latest, ok = true;
    Diagnostics diags;
    {
      std::lock_guard<std::mutex> lock(index_mutex);
      latest = generation == index_queued;
    }
    if (latest) {  // else a newer index is on its way
      std::lock_guard<std::mutex> lock(write_mutex);
      IncrementalStats ignored;
      auto in_index = [](const std::string& path) { return path.starts_with(kIndexFolder); };
      ok = Write(index, false, in_index, &diags, &ignored);
    }
    double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
            .count();
    {
      std::lock_guard<std::mutex> lock(index_mutex);
      index_done = generation;
      if (latest) {
        index_ok = ok;
        index_error = diags.FormatAll();
      }
    }
    index_cv.notify_all();
    if (latest && on_index) on_index(ok, ms);
  }
}

bool IncrementalBuild::Rebuild(Diagnostics* diags, IncrementalStats* stats) {
  *stats = IncrementalStats();
  return state_->Reload(diags, stats);
}

bool IncrementalBuild::Update(const std::vector<std::string>& changed, Diagnostics* diags,
                              IncrementalStats* stats) {
  *stats = IncrementalStats();
  State& s = *state_;
  if (!s.loaded) return s.Reload(diags, stats);
  std::vector<std::string> articles;
  for (const std::string& path : changed) {
    switch (s.Classify(path)) {
      case State::Change::kArticle:
        articles.push_back(path);
        break;
      case State::Change::kNone:
        break;
      case State::Change::kOther:
        return s.Reload(diags, stats);
    }
  }
  if (articles.empty() && !s.render_all) {
    *diags = s.last_diags;
    return s.last_ok;
  }
  return s.UpdateDocuments(articles, diags, stats);
}

}  // namespace bulletin
