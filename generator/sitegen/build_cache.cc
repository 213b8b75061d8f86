#include "sitegen/build_cache.h"

#include <elf.h>
#include <fcntl.h>
#include <link.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <functional>
#include <mutex>
#include <set>

#include "core/file_system.h"
#include "core/hash.h"
#include "sitegen/output_tree.h"

namespace bulletin {

namespace stdfs = std::filesystem;

namespace {

// The index's first line: a cache written by another layout is not read.
constexpr std::string_view kMagic = "bulletin build cache 3\n";
constexpr size_t kWorkers = 64;
constexpr size_t kFlushBytes = 1 << 20;
constexpr size_t kMaxBodyFiles = 32;

// Folds `bytes` and their length into the running hash `h`.
void Mix(uint64_t* h, std::string_view bytes) {
  HashCombine(h, bytes.size());
  HashCombine(h, Hash64(bytes));
}

// Little-endian fixed-width numbers and length-prefixed strings.
class Writer {
 public:
  explicit Writer(std::string* out) : out_(out) {}
  void U64(uint64_t v) {
    char b[8];
    for (int i = 0; i < 8; ++i) b[i] = static_cast<char>(v >> (8 * i));
    out_->append(b, 8);
  }
  void Str(std::string_view s) {
    U64(s.size());
    out_->append(s);
  }
  void Strings(const std::vector<std::string>& list) {
    U64(list.size());
    for (const std::string& s : list) Str(s);
  }

 private:
  std::string* out_;
};

// Reads what Writer wrote; any read past the end (a damaged file) makes ok() false and
// returns zeros and empty strings from then on.
class Reader {
 public:
  Reader(const char* data, size_t size) : p_(data), end_(data + size) {}
  bool ok() const { return ok_; }
  bool AtEnd() const { return p_ == end_; }
  uint64_t U64() {
    if (!Need(8)) return 0;
    uint64_t v = LoadLittleEndian(p_);
    p_ += 8;
    return v;
  }
  int Int() { return static_cast<int>(U64()); }
  // A count of items that each take at least one byte: never more than what is left.
  size_t Count() {
    uint64_t n = U64();
    if (n > static_cast<uint64_t>(end_ - p_)) ok_ = false;
    return ok_ ? n : 0;
  }
  std::string Str() {
    uint64_t n = U64();
    if (!Need(n)) return {};
    std::string s(p_, n);
    p_ += n;
    return s;
  }
  std::vector<std::string> Strings() {
    std::vector<std::string> list(Count());
    for (std::string& s : list) s = Str();
    return list;
  }

 private:
  bool Need(uint64_t n) {
    if (ok_ && n <= static_cast<uint64_t>(end_ - p_)) return true;
    ok_ = false;
    return false;
  }
  const char* p_;
  const char* end_;
  bool ok_ = true;
};

void WriteBody(Writer& w, const RenderedMarkdown& body, const Diagnostics& diags) {
  w.Str(body.html);
  w.U64(body.headings.size());
  for (const Heading& h : body.headings) {
    w.U64(h.level);
    w.Str(h.id);
    w.Str(h.text);
    w.U64(h.line);
  }
  w.U64(body.blocks.size());
  for (const Block& b : body.blocks) {
    w.U64(static_cast<uint64_t>(b.kind));
    w.Str(b.id);
    w.Str(b.html);
    w.Str(b.text);
    w.U64(b.line);
    w.Strings(b.themes);
  }
  w.U64(body.links.size());
  for (const Link& l : body.links) {
    w.Str(l.url);
    w.U64(l.is_image);
    w.U64(l.line);
    w.U64(l.column);
  }
  w.Strings(body.anchors);
  w.Str(body.text);
  w.U64(diags.items().size());
  for (const Diagnostic& d : diags.items()) {
    w.U64(d.severity == Severity::kError);
    w.Str(d.path);
    w.U64(d.line);
    w.U64(d.column);
    w.Str(d.message);
  }
}

bool ReadBody(Reader& r, RenderedMarkdown* body, Diagnostics* diags) {
  body->html = r.Str();
  body->headings.resize(r.Count());
  for (Heading& h : body->headings) {
    h.level = r.Int();
    h.id = r.Str();
    h.text = r.Str();
    h.line = r.Int();
  }
  body->blocks.resize(r.Count());
  for (Block& b : body->blocks) {
    uint64_t kind = r.U64();
    if (kind > static_cast<uint64_t>(BlockKind::kScenario)) return false;
    b.kind = static_cast<BlockKind>(kind);
    b.id = r.Str();
    b.html = r.Str();
    b.text = r.Str();
    b.line = r.Int();
    b.themes = r.Strings();
  }
  body->links.resize(r.Count());
  for (Link& l : body->links) {
    l.url = r.Str();
    l.is_image = r.U64() != 0;
    l.line = r.Int();
    l.column = r.Int();
  }
  body->anchors = r.Strings();
  body->text = r.Str();
  Diagnostics found;
  for (size_t n = r.Count(); n > 0 && r.ok(); --n) {
    bool error = r.U64() != 0;
    std::string path = r.Str();
    int line = r.Int(), column = r.Int();
    std::string message = r.Str();
    if (error) {
      found.Error(std::move(path), line, column, std::move(message));
    } else {
      found.Warning(std::move(path), line, column, std::move(message));
    }
  }
  if (!r.ok() || !r.AtEnd()) return false;
  diags->Merge(found);
  return true;
}

void WriteShown(Writer& w, const ShownDocument& s) {
  w.U64(static_cast<uint64_t>(s.kind));
  w.Str(s.slug);
  w.Strings(s.themes);
  w.Str(s.card);
  w.U64(s.blocks);
}

ShownDocument ReadShown(Reader& r, const std::string& path) {
  ShownDocument s;
  s.path = path;
  uint64_t kind = r.U64();
  s.kind = kind <= static_cast<uint64_t>(DocumentKind::kPage) ? static_cast<DocumentKind>(kind)
                                                              : DocumentKind::kBrief;
  s.slug = r.Str();
  s.themes = r.Strings();
  s.card = r.Str();
  s.blocks = r.U64();
  return s;
}

void WriteFingerprints(Writer& w, const Fingerprints& files) {
  w.U64(files.size());
  for (const auto& [path, fp] : files) {
    w.Str(path);
    w.U64(fp);
  }
}

Fingerprints ReadFingerprints(Reader& r) {
  Fingerprints files;
  for (size_t n = r.Count(); n > 0 && r.ok(); --n) {
    std::string path = r.Str();
    files[std::move(path)] = r.U64();
  }
  return files;
}

// A folder's identity: a folder replaced by another (deleted and built anew, or swapped
// by hand) has another.
// (The change time too: a folder deleted and made anew may get the same inode number, and
// renaming a folder, or adding or removing a file directly in it, sets its change time.)
struct FolderId {
  uint64_t dev = 0, ino = 0, ctime_ns = 0;
  bool operator==(const FolderId&) const = default;
};

std::optional<FolderId> IdOf(const std::string& path) {
  struct stat st;
  if (::lstat(path.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) return std::nullopt;
  return FolderId{static_cast<uint64_t>(st.st_dev), static_cast<uint64_t>(st.st_ino),
                  static_cast<uint64_t>(st.st_ctim.tv_sec) * 1000000000u +
                      static_cast<uint64_t>(st.st_ctim.tv_nsec)};
}

void WriteId(Writer& w, const std::optional<FolderId>& id) {
  w.U64(id.has_value());
  w.U64(id ? id->dev : 0);
  w.U64(id ? id->ino : 0);
  w.U64(id ? id->ctime_ns : 0);
}

std::optional<FolderId> ReadId(Reader& r) {
  bool has = r.U64() != 0;
  FolderId id;
  id.dev = r.U64();
  id.ino = r.U64();
  id.ctime_ns = r.U64();
  return has ? std::optional<FolderId>(id) : std::nullopt;
}

// This boot of the machine: files written before a power cut may have lost their bytes
// (nothing is synced), so after a restart the folders are not trusted.
std::string BootId() {
  std::string id, err;
  RealFileSystem().ReadFile("/proc/sys/kernel/random/boot_id", &id, &err);
  return id;
}

// Adds each loaded object's name and linker build id (a hash of what was linked) to *data:
// the program and the libraries that render (cmark-gfm, yaml-cpp, ...).
int FindBuildId(struct dl_phdr_info* info, size_t, void* data) {
  auto* all = static_cast<std::string*>(data);
  std::string found;
  std::string* id = &found;
  for (int i = 0; i < info->dlpi_phnum && id->empty(); ++i) {
    const ElfW(Phdr)& ph = info->dlpi_phdr[i];
    if (ph.p_type != PT_NOTE) continue;
    const char* p = reinterpret_cast<const char*>(info->dlpi_addr + ph.p_vaddr);
    const char* end = p + ph.p_memsz;
    while (p + sizeof(ElfW(Nhdr)) <= end) {
      const auto* note = reinterpret_cast<const ElfW(Nhdr)*>(p);
      const char* name = p + sizeof(ElfW(Nhdr));
      const char* desc = name + ((note->n_namesz + 3) & ~3u);
      if (desc + note->n_descsz > end) break;
      if (note->n_type == NT_GNU_BUILD_ID && note->n_namesz == 4 &&
          std::memcmp(name, "GNU", 4) == 0) {
        id->assign(desc, note->n_descsz);
        break;
      }
      p = desc + ((note->n_descsz + 3) & ~3u);
    }
  }
  *all += std::string(info->dlpi_name ? info->dlpi_name : "") + '\0' + found + '\0';
  return 0;  // and the next object
}

// Which bulletin this is, with which libraries: a cache that another one wrote is not
// used. The linkers' build ids, and the program file's size and time where it has none.
uint64_t ProgramHash() {
  static const uint64_t hash = [] {
    std::string id;
    ::dl_iterate_phdr(FindBuildId, &id);
    if (id.find(std::string(1, '\0') + '\0') == 0) {  // the program itself has no build id
      struct stat st;
      if (::stat("/proc/self/exe", &st) == 0) {
        id += std::to_string(st.st_size) + ":" + std::to_string(st.st_mtim.tv_sec) + "." +
              std::to_string(st.st_mtim.tv_nsec);
      }
    }
    return Hash64(id);
  }();
  return hash;
}

// A body file, read a body at a time (not mapped: mapped pages would count as the build's
// memory).
class BodyFile {
 public:
  BodyFile(const std::string& path, uint64_t size) {
    fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    struct stat st;
    // A body file cut short: its bodies are rendered again.
    if (fd_ >= 0 && (::fstat(fd_, &st) != 0 || static_cast<uint64_t>(st.st_size) != size)) {
      ::close(fd_);
      fd_ = -1;
    }
    size_ = size;
  }
  ~BodyFile() {
    if (fd_ >= 0) ::close(fd_);
  }
  BodyFile(const BodyFile&) = delete;
  BodyFile& operator=(const BodyFile&) = delete;
  bool usable() const { return fd_ >= 0; }
  bool Read(uint64_t offset, uint64_t size, std::string* out) const {
    if (fd_ < 0 || offset > size_ || size > size_ - offset) return false;
    out->resize(size);
    size_t done = 0;
    while (done < size) {
      ssize_t n = ::pread(fd_, out->data() + done, size - done, static_cast<off_t>(offset + done));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return false;
      done += static_cast<size_t>(n);
    }
    return true;
  }

 private:
  int fd_ = -1;
  uint64_t size_ = 0;
};

// Where a document's body is: which body file, and the bytes within it.
struct BodyAt {
  uint32_t file = 0;
  uint64_t offset = 0, size = 0;
};

struct DocEntry {
  uint64_t fingerprint = 0;
  bool has_body = false;
  BodyAt body;
  ShownDocument shown;
};

// One thread's body file, written as bodies are saved.
struct Outbox {
  int fd = -1;
  std::string name;
  std::string buffer;
  uint64_t flushed = 0;
  bool failed = false;
  std::vector<std::pair<std::string, BodyAt>> saved;  // document path -> where
};

}  // namespace

struct BuildCache::State {
  std::string out_dir, dir, spare_dir;
  bool loaded = false;     // an index was read whole
  bool same_boot = false;  // written since the machine last started
  uint64_t inputs = 0;
  std::optional<FolderId> live_id, spare_id;
  bool live_ok = false, spare_ok = false;  // the folders are the ones the index describes
  std::vector<std::string> file_names;
  std::vector<std::unique_ptr<BodyFile>> files;  // by index in file_names
  std::vector<uint64_t> file_sizes;
  std::unordered_map<std::string, DocEntry> docs;
  RelatedLists related;
  Fingerprints live, spare;
  std::string stamp;  // names this build's body files
  std::array<Outbox, kWorkers> outboxes;

  bool ReadIndex();
  bool Flush(Outbox& box);
  uint64_t LiveBytes() const;
};

bool BuildCache::State::ReadIndex() {
  std::string bytes, err;
  if (!RealFileSystem().ReadFile(dir + "/index", &bytes, &err)) return false;
  if (bytes.size() < kMagic.size() + 8 || bytes.compare(0, kMagic.size(), kMagic) != 0) {
    return false;
  }
  // The last eight bytes are a hash of the rest: a damaged index is not read.
  std::string_view rest(bytes.data(), bytes.size() - 8);
  if (LoadLittleEndian(bytes.data() + bytes.size() - 8) != Hash64(rest)) return false;
  Reader r(rest.data() + kMagic.size(), rest.size() - kMagic.size());
  if (r.U64() != ProgramHash()) return false;
  same_boot = r.Str() == BootId();
  inputs = r.U64();
  live_id = ReadId(r);
  spare_id = ReadId(r);
  file_names = r.Strings();
  for (size_t i = 0; i < file_names.size(); ++i) file_sizes.push_back(r.U64());
  for (size_t n = r.Count(); n > 0 && r.ok(); --n) {
    std::string path = r.Str();
    DocEntry e;
    e.fingerprint = r.U64();
    e.has_body = r.U64() != 0;
    e.body.file = static_cast<uint32_t>(r.U64());
    e.body.offset = r.U64();
    e.body.size = r.U64();
    if (e.body.file >= file_names.size()) e.has_body = false;
    e.shown = ReadShown(r, path);
    docs[std::move(path)] = std::move(e);
  }
  for (size_t n = r.Count(); n > 0 && r.ok(); --n) {
    std::string url = r.Str();
    related[std::move(url)] = r.Strings();
  }
  live = ReadFingerprints(r);
  spare = ReadFingerprints(r);
  if (!r.ok() || !r.AtEnd()) return false;
  for (size_t i = 0; i < file_names.size(); ++i) {
    files.push_back(std::make_unique<BodyFile>(dir + "/" + file_names[i], file_sizes[i]));
  }
  return true;
}

uint64_t BuildCache::State::LiveBytes() const {
  uint64_t bytes = 0;
  for (const auto& [path, e] : docs) bytes += e.has_body ? e.body.size : 0;
  return bytes;
}

bool BuildCache::State::Flush(Outbox& box) {
  if (box.failed) return false;
  if (box.buffer.empty()) return true;
  if (box.fd < 0) {
    std::error_code ec;
    stdfs::create_directories(dir, ec);
    box.fd = ::open((dir + "/" + box.name).c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  }
  const char* p = box.buffer.data();
  size_t left = box.buffer.size();
  while (box.fd >= 0 && left > 0) {
    ssize_t n = ::write(box.fd, p, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    p += n;
    left -= static_cast<size_t>(n);
  }
  box.failed = box.fd < 0 || left > 0;
  box.flushed += box.buffer.size();
  box.buffer.clear();
  return !box.failed;
}

BuildCache::BuildCache(const std::string& out_dir, bool read) : state_(std::make_unique<State>()) {
  State& s = *state_;
  s.out_dir = out_dir;
  s.dir = PathBesideOutput(out_dir, "cache");
  s.spare_dir = PathBesideOutput(out_dir, "spare");
  s.stamp = std::to_string(::getpid()) + "-" +
            std::to_string(std::chrono::system_clock::now().time_since_epoch().count());
  for (size_t w = 0; w < kWorkers; ++w) {
    s.outboxes[w].name = "bodies-" + s.stamp + "-" + std::to_string(w);
  }
  s.loaded = read && s.ReadIndex();
  if (!s.loaded) {  // forget whatever was read before the index proved unusable
    s.docs.clear();
    s.related.clear();
    s.live.clear();
    s.spare.clear();
    s.files.clear();
    s.file_names.clear();
    s.file_sizes.clear();
    return;
  }
  std::optional<FolderId> live_now = IdOf(out_dir), spare_now = IdOf(s.spare_dir);
  s.live_ok = s.same_boot && s.live_id && live_now == s.live_id;
  s.spare_ok = s.live_ok && s.spare_id && spare_now == s.spare_id;
}

BuildCache::~BuildCache() {
  for (Outbox& box : state_->outboxes) {
    if (box.fd >= 0) ::close(box.fd);
  }
}

bool BuildCache::LoadBody(const Document& d, RenderedMarkdown* out, Diagnostics* diags) const {
  const State& s = *state_;
  auto it = s.docs.find(d.path);
  if (it == s.docs.end() || !it->second.has_body || it->second.fingerprint != d.fingerprint) {
    return false;
  }
  const BodyAt& at = it->second.body;
  std::string bytes;
  if (!s.files[at.file]->Read(at.offset, at.size, &bytes) || bytes.size() < 8) return false;
  if (LoadLittleEndian(bytes.data()) != Hash64(std::string_view(bytes).substr(8))) return false;
  Reader r(bytes.data() + 8, bytes.size() - 8);
  RenderedMarkdown body;
  if (!ReadBody(r, &body, diags)) return false;
  *out = std::move(body);
  return true;
}

void BuildCache::SaveBody(const Document& d, const RenderedMarkdown& body, const Diagnostics& diags,
                          size_t worker) {
  Outbox& box = state_->outboxes[worker % kWorkers];
  uint64_t offset = box.flushed + box.buffer.size();
  // Each body starts with a hash of the rest: a body damaged on disk is rendered again,
  // never shown. (The files are not synced: after a crash, such a check is what holds.)
  Writer w(&box.buffer);
  w.U64(0);
  WriteBody(w, body, diags);
  uint64_t check = Hash64(std::string_view(box.buffer).substr(offset - box.flushed + 8));
  for (int i = 0; i < 8; ++i)
    box.buffer[offset - box.flushed + i] = static_cast<char>(check >> (8 * i));
  box.saved.push_back({d.path, {0, offset, box.flushed + box.buffer.size() - offset}});
  if (box.buffer.size() >= kFlushBytes) state_->Flush(box);
}

bool BuildCache::WantsEveryBody() const {
  const State& s = *state_;
  uint64_t total = 0;
  for (uint64_t size : s.file_sizes) total += size;
  uint64_t live = s.LiveBytes();
  // Mostly dead bytes, or so many files (one more after each build) that holding them
  // all open would matter.
  return (total > live && total - live > live && total - live > (8u << 20)) ||
         s.file_names.size() > kMaxBodyFiles;
}

bool BuildCache::PagesReusable(uint64_t inputs) const {
  const State& s = *state_;
  return s.loaded && s.live_ok && s.inputs == inputs;
}

void BuildCache::Changes(const ContentTree& content, std::vector<std::string>* paths,
                         std::vector<std::optional<ShownDocument>>* before) const {
  const State& s = *state_;
  std::set<std::string> now;
  for (const Document& d : content.documents) {
    if (d.kind == DocumentKind::kPage) continue;
    now.insert(d.path);
    auto it = s.docs.find(d.path);
    if (it != s.docs.end() && it->second.fingerprint == d.fingerprint) continue;
    paths->push_back(d.path);
    before->push_back(it == s.docs.end() ? std::nullopt
                                         : std::optional<ShownDocument>(it->second.shown));
  }
  for (const auto& [path, e] : s.docs) {
    if (e.shown.kind == DocumentKind::kPage || now.count(path)) continue;
    paths->push_back(path);
    before->push_back(e.shown);
  }
}

const RelatedLists& BuildCache::related() const { return state_->related; }

const Fingerprints* BuildCache::live() const { return state_->live_ok ? &state_->live : nullptr; }

const Fingerprints* BuildCache::spare() const {
  return state_->spare_ok ? &state_->spare : nullptr;
}

bool BuildCache::Commit(const ContentTree& content, const std::vector<ShownDocument>& shown,
                        const RelatedLists& related, uint64_t inputs, const Fingerprints& files) {
  State& s = *state_;
  // This build's body files, then the old ones still in use, renumbered.
  std::vector<std::string> names;
  std::vector<uint64_t> sizes;
  std::unordered_map<std::string, BodyAt> saved;
  for (Outbox& box : s.outboxes) {
    if (!s.Flush(box)) return false;
    if (box.flushed == 0) continue;
    uint32_t file = static_cast<uint32_t>(names.size());
    names.push_back(box.name);
    sizes.push_back(box.flushed);
    for (auto& [path, at] : box.saved) {
      at.file = file;
      saved[path] = at;
    }
  }
  std::unordered_map<uint32_t, uint32_t> renumbered;
  std::string index(kMagic);
  Writer w(&index);
  w.U64(ProgramHash());
  w.Str(BootId());
  w.U64(inputs);
  WriteId(w, IdOf(s.out_dir));
  // The spare is now the site this build replaced: known if that site was.
  WriteId(w, s.live_ok ? IdOf(s.spare_dir) : std::nullopt);
  std::string docs;
  Writer dw(&docs);
  dw.U64(content.documents.size());
  for (size_t i = 0; i < content.documents.size(); ++i) {
    const Document& d = content.documents[i];
    std::optional<BodyAt> at;
    if (auto it = saved.find(d.path); it != saved.end()) {
      at = it->second;
    } else if (auto old = s.docs.find(d.path); old != s.docs.end() && old->second.has_body &&
                                               old->second.fingerprint == d.fingerprint &&
                                               s.files[old->second.body.file]->usable()) {
      BodyAt moved = old->second.body;
      auto [slot, added] = renumbered.emplace(moved.file, static_cast<uint32_t>(names.size()));
      if (added) {
        names.push_back(s.file_names[moved.file]);
        sizes.push_back(s.file_sizes[moved.file]);
      }
      moved.file = slot->second;
      at = moved;
    }
    dw.Str(d.path);
    dw.U64(d.fingerprint);
    dw.U64(at.has_value());
    dw.U64(at ? at->file : 0);
    dw.U64(at ? at->offset : 0);
    dw.U64(at ? at->size : 0);
    WriteShown(dw, shown[i]);
  }
  w.Strings(names);
  for (uint64_t size : sizes) w.U64(size);
  index += docs;
  w.U64(related.size());
  for (const auto& [url, slugs] : related) {
    w.Str(url);
    w.Strings(slugs);
  }
  WriteFingerprints(w, files);
  WriteFingerprints(w, s.live_ok ? s.live : Fingerprints());
  w.U64(Hash64(index));
  std::string tmp = s.dir + "/index." + s.stamp, err;
  if (!WriteFileCreatingDirs(tmp, index, &err)) return false;
  if (::rename(tmp.c_str(), (s.dir + "/index").c_str()) != 0) return false;
  // Body files no index names any more.
  std::set<std::string> keep(names.begin(), names.end());
  keep.insert("index");
  std::error_code ec;
  for (stdfs::directory_iterator it(s.dir, ec), end; !ec && it != end; it.increment(ec)) {
    std::error_code gone;
    if (!keep.count(it->path().filename().string())) stdfs::remove(it->path(), gone);
  }
  return true;
}

void BuildCache::Abandon() {
  for (Outbox& box : state_->outboxes) {
    if (box.fd >= 0) {
      ::close(box.fd);
      box.fd = -1;
      std::error_code ec;
      stdfs::remove(state_->dir + "/" + box.name, ec);
    }
  }
}

uint64_t PageInputsKey(const FileSystem& fs, const std::string& content_dir,
                       const std::string& templates_dir, const ContentTree& content, bool drafts,
                       Date today) {
  uint64_t h = ProgramHash();
  HashCombine(&h, drafts);
  Mix(&h, today.ToIso());
  Mix(&h, content.site.base_url);  // --base-url changes every page, site.yaml or not
  std::error_code ec;
  Mix(&h, stdfs::absolute(content_dir, ec).lexically_normal().string());
  Mix(&h, stdfs::absolute(templates_dir, ec).lexically_normal().string());
  auto file = [&](const std::string& path) {
    std::string bytes, err;
    Mix(&h, path);
    Mix(&h, fs.ReadFile(path, &bytes, &err) ? bytes : "\x01missing");
  };
  file(JoinPath(content_dir, "site.yaml"));
  for (const std::string& rel : fs.ListFilesRecursive(templates_dir)) {
    file(JoinPath(templates_dir, rel));
  }
  const std::string quizzes = JoinPath(content_dir, "quizzes");
  for (const std::string& rel : fs.ListFilesRecursive(quizzes)) file(JoinPath(quizzes, rel));
  for (const Document& d : content.documents) {
    if (d.kind != DocumentKind::kPage) continue;
    Mix(&h, d.path);
    HashCombine(&h, d.fingerprint);
  }
  return h;
}

}  // namespace bulletin
