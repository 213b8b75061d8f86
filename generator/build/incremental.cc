#include "build/incremental.h"

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

#include "build/build_steps.h"
#include "build/output_tree.h"
#include "build/search_page.h"
#include "content/content_tree.h"
#include "quiz/quiz_parser.h"
#include "templating/template_set.h"

namespace bulletin {

namespace stdfs = std::filesystem;

namespace {

constexpr std::string_view kIndexFolder = "search-index/";

size_t Fingerprint(std::string_view bytes) { return std::hash<std::string_view>()(bytes); }

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

int Shared(const Document& a, const Document& b) {
  int n = 0;
  for (const std::string& t : a.themes) n += std::count(b.themes.begin(), b.themes.end(), t);
  return n;
}

// What lists, theme pages and other briefs' pages show of a document ("" if it is not
// published): its card, and what places it among related briefs.
std::string CardKey(const Document* d, bool drafts) {
  if (!d || d->withdrawn || (d->draft && !drafts)) return "";
  std::string key = d->slug + '\n' + KindName(d->kind) + '\n' + d->title + '\n' + d->summary +
                    '\n' + d->review_type + '\n' + (d->date ? d->date->ToIso() : "") + '\n' +
                    (d->superseded_by.empty() ? "" : "superseded") + '\n';
  for (const std::string& t : d->themes) key += t + ',';
  return key;
}

// What /think/, /key-messages/ and their pages per theme show of a published document's body.
std::string BlocksKey(const std::vector<Block>& blocks) {
  std::string key;
  for (const Block& b : blocks) {
    if (b.kind != BlockKind::kThink && b.kind != BlockKind::kKey) continue;
    key += std::string(BlockKindName(b.kind)) + '\n' + b.id + '\n' + b.html + '\n';
  }
  return key;
}

}  // namespace

struct IncrementalBuild::State {
  State(const FileSystem& f, BuildOptions o) : fs(f), options(std::move(o)) {}

  bool Reload(Diagnostics* diags, IncrementalStats* stats);
  bool UpdateDocuments(const std::vector<std::string>& paths, Diagnostics* diags,
                       IncrementalStats* stats);
  // Runs the generators over the current state and writes what changed.
  bool Assemble(bool all_pages, Diagnostics* diags, IncrementalStats* stats);
  std::set<std::string> ChangedUrls(const SiteModel& model) const;
  // Writes the files of `out` that changed, and deletes the files within `scope` that
  // `out` no longer has.
  bool Write(OutputTree& out, bool copies_changed,
             const std::function<bool(const std::string&)>& scope, Diagnostics* diags,
             IncrementalStats* stats);
  void RememberRelated(const SiteModel& model, const std::set<std::string>* urls);
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
  std::vector<Diagnostics> parse_diags, render_diags;
  std::vector<RenderedMarkdown> bodies;
  Diagnostics base_diags;  // site.yaml, templates, ignored files
  TemplateSet templates;
  bool templates_ok = false;

  Diagnostics last_diags;  // what the last run reported
  bool last_ok = false;
  // As last written: each article page's related briefs (slugs), each file's fingerprint.
  std::unordered_map<std::string, std::vector<std::string>> related;
  std::unordered_map<std::string, size_t> written;
  // A document changed since the last write, as it was then.
  struct Before {
    std::optional<Document> doc;  // nullopt: it did not exist
    std::vector<Block> blocks;
  };
  std::map<std::string, Before> pending;  // by path
};

size_t IncrementalBuild::State::IndexOf(const std::string& path) const {
  // Documents are in path order: the loader lists briefs/, bulletins/, pages/, each sorted.
  auto it = std::lower_bound(content.documents.begin(), content.documents.end(), path,
                             [](const Document& d, const std::string& p) { return d.path < p; });
  return it - content.documents.begin();
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
    *diags = base_diags;
    diags->Sort();
    last_diags = *diags;
    last_ok = false;
    return false;
  }
  size_t n = content.documents.size();
  bodies.assign(n, RenderedMarkdown());
  render_diags.assign(n, Diagnostics());
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
  RenderBodies(content.documents, which, &bodies, &render_diags);
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
      Before& before = pending[doc_path];
      if (present) before = {content.documents[i], bodies[i].blocks};
    }
    if (present) {
      content.documents.erase(content.documents.begin() + i);
      bodies.erase(bodies.begin() + i);
      parse_diags.erase(parse_diags.begin() + i);
      render_diags.erase(render_diags.begin() + i);
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
    fresh.insert(doc_path);
  }
  // Indexes shift as documents come and go: find them once every change is in place.
  std::vector<size_t> which;
  for (const std::string& path : fresh) which.push_back(IndexOf(path));
  RenderBodies(content.documents, which, &bodies, &render_diags);
  timer.Done("read and render");
  return Assemble(render_all, diags, stats);
}

std::set<std::string> IncrementalBuild::State::ChangedUrls(const SiteModel& model) const {
  std::set<std::string> urls;
  std::set<std::string> slugs;                     // documents whose card changed
  std::vector<const PublishedDocument*> changed;   // published now, body changed
  std::vector<const PublishedDocument*> recarded;  // published now, card changed
  std::unordered_map<std::string, const PublishedDocument*> by_slug;
  for (const PublishedDocument& p : model.published) by_slug.emplace(p.doc->slug, &p);
  static const std::vector<Block> kNoBlocks;
  for (const auto& [path, before] : pending) {
    size_t i = IndexOf(path);
    const Document* now = nullptr;
    const PublishedDocument* shown = nullptr;
    if (i < content.documents.size() && content.documents[i].path == path) {
      now = &content.documents[i];
      auto it = by_slug.find(now->slug);
      if (it != by_slug.end() && it->second->doc == now) shown = it->second;
    }
    const Document* then = before.doc ? &*before.doc : nullptr;
    std::string card_then = CardKey(then, options.drafts), card_now = CardKey(now, options.drafts);
    bool card = card_then != card_now;
    bool blocks = card || BlocksKey(card_then.empty() ? kNoBlocks : before.blocks) !=
                              BlocksKey(shown ? shown->body.blocks : kNoBlocks);
    if (shown) changed.push_back(shown);
    if (shown && card) recarded.push_back(shown);
    for (const Document* d : {then, now}) {
      if (!d) continue;
      urls.insert(d->Url());
      if (card) {
        slugs.insert(d->slug);
        urls.insert({"/", "/themes/", std::string("/") + KindFolder(d->kind) + "/"});
      }
      if (blocks) urls.insert({"/key-messages/", "/think/"});
      for (const std::string& t : d->themes) {
        if (blocks) {
          urls.insert({"/themes/" + t + "/", "/think/" + t + "/", "/key-messages/" + t + "/"});
        }
      }
    }
  }
  // A changed document's links to #anchors elsewhere are checked against the html of the
  // pages they point to (BuildOptions::inspect): render those too, to the same bytes.
  for (const PublishedDocument* c : changed) {
    for (const Link& link : c->body.links) {
      size_t hash = link.url.find('#');
      if (hash == 0 || hash == std::string::npos || link.url.find(':') < hash) continue;
      std::string target = link.url.substr(0, hash);
      std::string page = Normal(target[0] == '/' ? target : c->doc->Url() + target);
      urls.insert(page.back() == '/' ? page : page + "/");
    }
  }
  std::unordered_map<const PublishedDocument*, size_t> position;
  for (size_t i = 0; i < model.by_date.size(); ++i) position[model.by_date[i]] = i;

  // Does `c` now rank above `y` among the documents related to `x`?
  auto outranks = [&](const PublishedDocument& x, const PublishedDocument* c,
                      const PublishedDocument* y) {
    int sc = Shared(*x.doc, *c->doc), sy = Shared(*x.doc, *y->doc);
    return sc > sy || (sc == sy && position[c] < position[y]);
  };
  for (const PublishedDocument& x : model.published) {
    const Document& d = *x.doc;
    if (urls.count(d.Url())) continue;
    if (slugs.count(d.superseded_by)) {
      urls.insert(d.Url());
      continue;
    }
    if (d.kind == DocumentKind::kPage) continue;
    auto was = related.find(d.Url());
    bool stale = was == related.end();
    if (!stale) {
      const std::vector<std::string>& list = was->second;
      for (const std::string& slug : list) stale = stale || slugs.count(slug) > 0;
      for (const PublishedDocument* c : recarded) {
        if (stale || c == &x || c->doc->kind == DocumentKind::kPage) continue;
        if (Shared(d, *c->doc) == 0) continue;
        auto last = by_slug.find(list.empty() ? "" : list.back());
        stale =
            list.size() < kRelatedCount || last == by_slug.end() || outranks(x, c, last->second);
      }
    }
    if (stale) urls.insert(d.Url());
  }
  return urls;
}

void IncrementalBuild::State::RememberRelated(const SiteModel& model,
                                              const std::set<std::string>* urls) {
  std::vector<const PublishedDocument*> todo;
  for (const PublishedDocument* p : model.by_date) {
    if (!urls || urls->count(p->doc->Url())) todo.push_back(p);
  }
  std::vector<std::vector<std::string>> lists(todo.size());
  // Every page's list costs a pass over all briefs: share the work between the cores.
  size_t threads = std::clamp<size_t>(std::thread::hardware_concurrency(), 1, 16);
  threads = std::min(threads, std::max<size_t>(1, todo.size() / 256));
  auto work = [&](size_t t) {
    for (size_t i = t; i < todo.size(); i += threads) {
      for (const PublishedDocument* r : model.Related(*todo[i], kRelatedCount)) {
        lists[i].push_back(r->doc->slug);
      }
    }
  };
  std::vector<std::thread> pool;
  for (size_t t = 1; t < threads; ++t) pool.emplace_back(work, t);
  work(0);
  for (std::thread& th : pool) th.join();
  if (!urls) related.clear();
  for (size_t i = 0; i < todo.size(); ++i) related[todo[i]->doc->Url()] = std::move(lists[i]);
  // Pages that are gone.
  std::set<std::string> live;
  for (const PublishedDocument* p : model.by_date) live.insert(p->doc->Url());
  std::erase_if(related, [&live](const auto& entry) { return !live.count(entry.first); });
}

bool IncrementalBuild::State::Assemble(bool all_pages, Diagnostics* diags,
                                       IncrementalStats* stats) {
  StageTimer timer;
  Diagnostics all = base_diags;
  for (size_t i = 0; i < content.documents.size(); ++i) {
    all.Merge(parse_diags[i]);
    all.Merge(render_diags[i]);
  }
  LoadOptions load;
  load.today = options.today;
  CheckDocuments(content, load, &all);
  std::vector<Quiz> quizzes;
  LoadQuizzes(fs, options.content_dir, content, &all, &quizzes);

  SiteModel model;
  model.content = &content;
  model.today = options.today;
  SelectPublished(content, options.drafts, &bodies, &all, &model);
  for (Quiz& q : quizzes) {
    if (!q.draft || options.drafts) model.quizzes.push_back(std::move(q));
  }
  stats->build.documents = static_cast<int>(content.documents.size() + quizzes.size());
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
  if (!all_pages) urls = ChangedUrls(model);
  timer.Done("changed pages");
  OutputTree out;
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
  if (in_two) {
    SearchInput input = CollectSearchInput(model);  // a copy, while the model holds the bodies
    {
      std::lock_guard<std::mutex> lock(index_mutex);
      index_job = std::move(input);
      ++index_queued;
    }
    index_cv.notify_all();
    if (!index_thread.joinable()) index_thread = std::thread([this] { IndexLoop(); });
  }
  last_ok = true;
  RememberRelated(model, all_pages ? nullptr : &urls);
  timer.Done("index input");
  pending.clear();
  render_all = false;
  return true;
}

bool IncrementalBuild::State::Write(OutputTree& out, bool copies_changed,
                                    const std::function<bool(const std::string&)>& scope,
                                    Diagnostics* diags, IncrementalStats* stats) {
  for (const auto& [path, contents] : out.files()) {
    stats->pages_rendered += path.ends_with(".html") ? 1 : 0;
  }
  auto source_fingerprint = [&](const std::string& source) {
    std::string bytes, err;
    return fs.ReadFile(source, &bytes, &err) ? Fingerprint(bytes) : 0;
  };
  if (!published) {
    // Fingerprints first: Publish stages the files on disk and lets go of their contents.
    std::unordered_map<std::string, size_t> fresh;
    for (const auto& [path, contents] : out.files()) fresh[path] = Fingerprint(contents);
    for (const auto& [path, source] : out.copies()) fresh[path] = source_fingerprint(source);
    if (!out.Publish(options.out_dir, diags)) return false;
    written = std::move(fresh);
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
    size_t f = Fingerprint(contents);
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
    size_t f = source_fingerprint(source);
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
