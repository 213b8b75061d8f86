#include "sitegen/output_tree.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "core/file_system.h"
#include "core/hash.h"

namespace bulletin {

namespace fs = std::filesystem;

namespace {

// The staging folder's name starts with this, so a later build can find leftovers.
std::string LeftoverPrefix(const fs::path& out) { return "." + out.filename().string() + "."; }

fs::path AbsoluteOut(const std::string& out_dir) {
  fs::path out = fs::absolute(fs::path(out_dir)).lexically_normal();
  if (out.filename().empty()) out = out.parent_path();
  return out;
}

// The lock that keeps two builds from staging beside the same output at once.
std::string LockName(const fs::path& out) { return LeftoverPrefix(out) + "lock"; }

// The folder a finished build leaves beside the output: the site it replaced, which the
// next build writes over instead of starting from nothing.
std::string SpareName(const fs::path& out) { return LeftoverPrefix(out) + "spare"; }

// The build cache beside the output (sitegen/build_cache.h), which outlives builds.
std::string CacheName(const fs::path& out) { return LeftoverPrefix(out) + "cache"; }

// Clears the folders a build left beside the output, except one to reuse: the spare if
// there is one, else any staging folder a killed build left. Returns the one kept, or
// an empty path. Whatever it holds, the next build makes it exactly the new site (it
// compares every file it writes, or trusts the build cache's fingerprints for the spare,
// and removes every file it did not write), so a half-written folder is as good a start
// as a complete one.
fs::path ReclaimLeftovers(const fs::path& parent, const fs::path& out) {
  const std::string prefix = LeftoverPrefix(out);
  std::vector<fs::path> found;
  std::error_code ec;
  for (fs::directory_iterator it(parent, ec), end; !ec && it != end; it.increment(ec)) {
    std::string name = it->path().filename().string();
    if (name.rfind(prefix, 0) == 0 && name != LockName(out) && name != CacheName(out)) {
      found.push_back(it->path());
    }
  }
  std::sort(found.begin(), found.end(), [&](const fs::path& a, const fs::path& b) {
    return (a.filename() == SpareName(out)) > (b.filename() == SpareName(out));
  });
  fs::path reuse;
  for (const fs::path& p : found) {
    if (reuse.empty() && fs::is_directory(fs::symlink_status(p, ec))) {
      reuse = p;
    } else {
      fs::remove_all(p, ec);
    }
  }
  return reuse;
}

bool SyncPath(const fs::path& p) {
  int fd = ::open(p.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd < 0) return false;
  ::fsync(fd);
  ::close(fd);
  return true;
}

// One open, write and close. The folders above `file` must exist (MakeFolders). A link
// in the file's place is not followed (the open fails, and a reused folder clears it).
bool WriteWhole(const std::string& file, const std::string& contents, std::string* err) {
  constexpr int kFlags = O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW;
  int fd = ::open(file.c_str(), kFlags, 0644);
  if (fd < 0) {
    *err = file + ": " + std::strerror(errno);
    return false;
  }
  const char* data = contents.data();
  size_t left = contents.size();
  while (left > 0) {
    ssize_t n = ::write(fd, data, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      *err = file + ": " + std::strerror(errno);
      ::close(fd);
      return false;
    }
    data += n;
    left -= static_cast<size_t>(n);
  }
  if (::close(fd) != 0) {
    *err = file + ": " + std::strerror(errno);
    return false;
  }
  return true;
}

// True if `file` already holds exactly `contents` (a link is never there: ScanReused
// removed them all).
bool SameBytes(const std::string& file, const std::string& contents) {
  std::string old, err;
  return RealFileSystem().ReadFile(file, &old, &err) && old == contents;
}

// Removes whatever stands where `file` must go in a reused folder: a folder of that
// name, or a file (or link) where one of its folders must be.
void ClearWay(const std::string& root, const std::string& rel) {
  std::error_code ec;
  for (size_t slash = rel.find('/'); slash != std::string::npos; slash = rel.find('/', slash + 1)) {
    fs::path dir = root + "/" + rel.substr(0, slash);
    fs::file_status st = fs::symlink_status(dir, ec);
    if (fs::exists(st) && !fs::is_directory(st)) fs::remove(dir, ec);
  }
  fs::path file = root + "/" + rel;
  fs::file_status st = fs::symlink_status(file, ec);
  if (fs::is_directory(st) || fs::is_symlink(st)) fs::remove_all(file, ec);
}

// Readies a reused folder before anything is written into it: removes every symbolic link
// and anything else that is neither a file nor a folder (a build must never write through
// a link into another place), and lists its files, site-relative, into *files. Raw readdir
// with d_type: no stat per entry (at 10,000 briefs this walks 10,000 folders). Returns
// false, with *err, if a folder cannot be read or an entry removed.
bool ScanReused(int dir_fd, std::string& rel, std::vector<std::string>* files, std::string* err) {
  DIR* dir = ::fdopendir(dir_fd);
  if (!dir) {
    *err = rel + ": " + std::strerror(errno);
    ::close(dir_fd);
    return false;
  }
  bool ok = true;
  while (struct dirent* e = ::readdir(dir)) {
    const char* name = e->d_name;
    if (name[0] == '.' && (name[1] == 0 || (name[1] == '.' && name[2] == 0))) continue;
    size_t mark = rel.size();
    rel += name;
    unsigned char type = e->d_type;
    if (type == DT_UNKNOWN) {
      struct stat st;
      if (::fstatat(::dirfd(dir), name, &st, AT_SYMLINK_NOFOLLOW) == 0) {
        type = S_ISDIR(st.st_mode) ? DT_DIR : S_ISREG(st.st_mode) ? DT_REG : DT_LNK;
      }
    }
    if (type == DT_DIR) {
      rel += '/';
      int sub = ::openat(::dirfd(dir), name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      if (sub < 0) {
        *err = rel + ": " + std::strerror(errno);
        ok = false;
      } else {
        ok = ScanReused(sub, rel, files, err) && ok;
      }
    } else if (type == DT_REG) {
      files->push_back(rel);
    } else if (::unlinkat(::dirfd(dir), name, 0) != 0) {
      *err = rel + ": " + std::strerror(errno);
      ok = false;
    }
    rel.resize(mark);
  }
  ::closedir(dir);
  return ok;
}

}  // namespace

std::string PathBesideOutput(const std::string& out_dir, const std::string& what) {
  fs::path out = AbsoluteOut(out_dir);
  return (out.parent_path() / (LeftoverPrefix(out) + what)).string();
}

OutputTree::~OutputTree() {
  if (!staging_.empty()) {
    std::error_code ec;
    fs::remove_all(staging_, ec);
  }
  if (lock_fd_ >= 0) ::close(lock_fd_);  // and with it the lock
}

void OutputTree::LockBeside(const std::string& out_dir) {
  if (lock_fd_ >= 0) return;
  fs::path out = AbsoluteOut(out_dir);
  std::error_code ec;
  fs::create_directories(out.parent_path(), ec);
  // A second build of the same output waits here for the first to finish.
  lock_fd_ =
      ::open((out.parent_path() / LockName(out)).c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (lock_fd_ >= 0) {
    while (::flock(lock_fd_, LOCK_EX) != 0 && errno == EINTR) {
    }
  }
}

void OutputTree::ReadKeptFrom(const std::string& out_dir) {
  std::lock_guard<std::mutex> lock(mutex_);
  live_root_ = AbsoluteOut(out_dir).string();
}

void OutputTree::TrustFingerprints(const Fingerprints* live, const Fingerprints* spare) {
  live_ = live;
  spare_ = live ? spare : nullptr;
}

void OutputTree::StageBeside(const std::string& out_dir) {
  LockBeside(out_dir);
  fs::path out = AbsoluteOut(out_dir);
  fs::path parent = out.parent_path();
  std::error_code ec;
  fs::path fresh = parent / (LeftoverPrefix(out) + "new-" + std::to_string(::getpid()));
  fs::path reuse = ReclaimLeftovers(parent, out);
  // The spare's fingerprints hold only for the spare.
  if (reuse.filename() != SpareName(out)) spare_ = nullptr;
  bool reused = !reuse.empty() && ::rename(reuse.c_str(), fresh.c_str()) == 0;
  std::vector<std::string> before;
  if (reused) {
    // Even a spare the cache knows is walked: its links go, and its files are what is
    // there (a file added or removed by hand shows), not what the cache remembers.
    std::string rel, err;
    int fd = ::open(fresh.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0 || !ScanReused(fd, rel, &before, &err)) {
      reused = false;  // start afresh rather than trust a folder we cannot read whole
      before.clear();
      reuse = fresh;
    }
  }
  if (!reused) {
    fs::remove_all(reuse, ec);
    fs::create_directories(fresh, ec);
    if (ec) Fail(fresh.string() + ": " + ec.message());
  }
  std::lock_guard<std::mutex> lock(mutex_);
  staging_ = fresh.string();
  live_root_ = out.string();
  reused_ = reused;
  if (!reused) spare_ = nullptr;
  reused_files_ = std::move(before);
  if (spare_) spare_present_.insert(reused_files_.begin(), reused_files_.end());
  // Files added before staging began are written now.
  for (auto& [rel, contents] : files_) WriteStaged(rel, contents);
  files_.clear();
}

bool OutputTree::Claim(const std::string& path) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (kept_.count(path)) return false;
  return paths_.insert(path).second;
}

void OutputTree::Fail(const std::string& message) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (write_error_.empty()) write_error_ = message;
}

bool OutputTree::WriteStaged(const std::string& path, const std::string& contents) {
  std::string err;
  if (WriteInto(staging_, reused_, path, contents, made_[path], &err)) return true;
  if (write_error_.empty()) write_error_ = "cannot write the new site: " + err;
  return false;
}

bool OutputTree::MakeFolders(const std::string& root, std::string_view rel, std::string* err) {
  if (rel.empty()) return true;
  {
    std::lock_guard<std::mutex> lock(folders_mutex_);
    if (folders_made_.count(rel)) return true;
  }
  size_t slash = rel.rfind('/');
  if (slash != std::string_view::npos && !MakeFolders(root, rel.substr(0, slash), err)) {
    return false;
  }
  std::string dir = root + "/";
  dir += rel;
  // Two threads may race to make the same folder: the loser's EEXIST is success.
  if (::mkdir(dir.c_str(), 0755) != 0 && errno != EEXIST) {
    *err = dir + ": " + std::strerror(errno);
    return false;
  }
  std::lock_guard<std::mutex> lock(folders_mutex_);
  folders_made_.emplace(rel);
  return true;
}

bool OutputTree::WriteInto(const std::string& root, bool reused, const std::string& path,
                           const std::string& contents, uint64_t fingerprint, std::string* err) {
  const std::string file = root + "/" + path;
  // The folders a file needs are made once each and remembered, so a fresh folder costs
  // one mkdir per folder and one open per file, none of them failing.
  size_t slash = path.rfind('/');
  std::string_view folder =
      slash == std::string::npos ? std::string_view() : std::string_view(path).substr(0, slash);
  if (!reused) return MakeFolders(root, folder, err) && WriteWhole(file, contents, err);
  // A reused folder: leave a file that already holds these bytes alone (no write, no
  // new inode), and make room when a file stands where a folder must go or the reverse.
  if (spare_) {
    if (SpareHas(path, fingerprint)) return true;
  } else if (SameBytes(file, contents)) {
    return true;
  }
  // A changed file gets a new inode: the old one may still be read through a hard link
  // (a backup made with cp -al or rsync --link-dest) or an open descriptor.
  if (::unlink(file.c_str()) == 0 && WriteWhole(file, contents, err)) return true;
  ClearWay(root, path);
  return MakeFolders(root, folder, err) && WriteWhole(file, contents, err);
}

bool OutputTree::Add(const std::string& path, std::string contents) {
  if (!Claim(path)) return false;
  std::string staging;
  bool reused;
  uint64_t fp = Hash64(contents);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    made_[path] = fp;
    if (staging_.empty()) {
      files_.emplace(path, std::move(contents));
      return true;
    }
    staging = staging_;
    reused = reused_;
  }
  std::string err;
  if (!WriteInto(staging, reused, path, contents, fp, &err)) {
    Fail("cannot write the new site: " + err);
  }
  return true;
}

bool OutputTree::AddCopy(const std::string& path, const std::string& source) {
  if (!Claim(path)) return false;
  std::lock_guard<std::mutex> lock(mutex_);
  copies_.emplace(path, source);
  return true;
}

void OutputTree::Keep(const std::string& path) {
  std::lock_guard<std::mutex> lock(mutex_);
  kept_.insert(path);
}

bool OutputTree::Has(const std::string& path) const {
  std::lock_guard<std::mutex> lock(mutex_);
  return paths_.count(path) > 0 || kept_.count(path) > 0;
}

void OutputTree::ForEachPath(const std::function<void(const std::string&)>& fn) const {
  std::lock_guard<std::mutex> lock(mutex_);
  for (const std::string& p : paths_) fn(p);
  for (const std::string& p : kept_) {
    if (!paths_.count(p)) fn(p);
  }
}

std::vector<std::string> OutputTree::FilePaths() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<std::string> out;
  for (const std::string& p : paths_) {
    if (!copies_.count(p)) out.push_back(p);
  }
  return out;
}

bool OutputTree::Read(const std::string& path, std::string* contents) const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::string err;
  if (!paths_.count(path) && kept_.count(path) && !live_root_.empty()) {
    // A kept page is as the live site has it: the link checker reads its ids there.
    return RealFileSystem().ReadFile(live_root_ + "/" + path, contents, &err);
  }
  if (!paths_.count(path) || copies_.count(path)) return false;
  auto it = files_.find(path);
  if (it != files_.end()) {
    *contents = it->second;
    return true;
  }
  return !staging_.empty() && RealFileSystem().ReadFile(staging_ + "/" + path, contents, &err);
}

size_t OutputTree::size() const {
  std::lock_guard<std::mutex> lock(mutex_);
  size_t kept_only = 0;
  for (const std::string& p : kept_) kept_only += paths_.count(p) ? 0 : 1;
  return paths_.size() + kept_only;
}

bool OutputTree::RemoveStale(Diagnostics* diags, const std::string& out_dir) {
  // The files the reused folder had that this build did not write, then the folders that
  // leaves empty (deepest first; a folder that still has files stays).
  std::set<std::string> emptied;
  for (const std::string& rel : reused_files_) {
    if (paths_.count(rel) || kept_.count(rel)) continue;
    std::string file = staging_ + "/" + rel;
    // Gone already, or a folder of the new site stands there now (ClearWay made room).
    if (::unlink(file.c_str()) != 0 && errno != ENOENT && errno != ENOTDIR && errno != EISDIR) {
      diags->Error(out_dir, 0, 0,
                   "cannot remove " + rel + " from the new site: " + std::strerror(errno));
      return false;
    }
    for (size_t slash = rel.rfind('/'); slash != std::string::npos && slash > 0;
         slash = rel.rfind('/', slash - 1)) {
      emptied.insert(rel.substr(0, slash));
    }
  }
  for (auto it = emptied.rbegin(); it != emptied.rend(); ++it) {
    ::rmdir((staging_ + "/" + *it).c_str());
  }
  return true;
}

bool OutputTree::SpareHas(const std::string& rel, uint64_t fingerprint) const {
  if (!spare_ || !spare_present_.count(rel)) return false;
  auto it = spare_->find(rel);
  return it != spare_->end() && it->second == fingerprint;
}

bool OutputTree::LinkOrCopy(const std::string& from, const std::string& rel, std::string* err) {
  const std::string to = staging_ + "/" + rel;
  if (reused_) ::unlink(to.c_str());
  if (::link(from.c_str(), to.c_str()) == 0) return true;
  if (errno == ENOENT || errno == EEXIST || errno == ENOTDIR) {
    if (reused_) ClearWay(staging_, rel);
    size_t slash = rel.rfind('/');
    if (!MakeFolders(staging_, slash == std::string::npos ? "" : rel.substr(0, slash), err)) {
      return false;
    }
    if (::link(from.c_str(), to.c_str()) == 0) return true;
  }
  // Another file system, or links not allowed: copy the bytes.
  std::string bytes;
  return RealFileSystem().ReadFile(from, &bytes, err) && WriteWhole(to, bytes, err);
}

bool OutputTree::AddKeptFiles(const std::string& out_dir, Diagnostics* diags) {
  if (!live_) return true;
  const std::string live_root = AbsoluteOut(out_dir).string();
  for (const std::string& rel : kept_) {
    if (paths_.count(rel)) continue;
    auto live = live_->find(rel);
    if (live == live_->end()) {
      diags->Error(out_dir, 0, 0,
                   "the build cache does not know " + rel +
                       " (please report this); `bulletin build --clean` "
                       "builds without the cache");
      return false;
    }
    made_[rel] = live->second;
    // The spare may hold it already, as the live site does.
    if (reused_ && spare_ && SpareHas(rel, live->second)) continue;
    // A hard link: the file is not copied, and a later build that changes it writes a
    // new file (a new inode) in its place, never into this one.
    std::string err;
    if (!LinkOrCopy(live_root + "/" + rel, rel, &err)) {
      diags->Error(out_dir, 0, 0,
                   "cannot keep " + rel + " in the new site: " + err +
                       "; `bulletin build --clean` builds without the cache");
      return false;
    }
  }
  return true;
}

bool OutputTree::Publish(const std::string& out_dir, Diagnostics* diags) {
  if (staging_.empty()) StageBeside(out_dir);
  fs::path out = AbsoluteOut(out_dir);
  fs::path parent = out.parent_path();
  fs::path fresh = staging_;
  std::error_code ec;
  for (const auto& [rel, source] : copies_) {
    std::string bytes, err;
    if (!RealFileSystem().ReadFile(source, &bytes, &err)) {
      diags->Error(source, 0, 0, "cannot copy into the new site: " + err);
      return false;  // the destructor removes the staging folder
    }
    uint64_t fp = Hash64(bytes);
    made_[rel] = fp;
    if (!WriteInto(staging_, reused_, rel, bytes, fp, &err)) {
      diags->Error(source, 0, 0, "cannot copy into the new site: " + err);
      return false;
    }
  }
  if (!AddKeptFiles(out_dir, diags)) return false;
  if (!write_error_.empty()) {
    diags->Error(out_dir, 0, 0, write_error_);
    return false;
  }
  if (reused_ && !RemoveStale(diags, out_dir)) return false;

  // The build cache describes the folders as they are: once they move, it no longer does
  // (another publisher, such as serve --watch, would leave it describing the wrong ones).
  // A build that keeps a cache writes a new index after this publish.
  ::unlink((parent / CacheName(out) / "index").c_str());

  if (!fs::exists(out, ec)) {
    if (::rename(fresh.c_str(), out.c_str()) != 0) {
      diags->Error(out_dir, 0, 0,
                   std::string("cannot move the new site into place: ") + std::strerror(errno));
      return false;
    }
    staging_.clear();
    SyncPath(parent);
    return true;
  }
  if (!fs::is_directory(out, ec)) {
    diags->Error(out_dir, 0, 0, "exists and is not a folder; remove it or choose another --out");
    return false;
  }
  // Exchange the two folders in one step: no moment exists without a complete site.
  if (::renameat2(AT_FDCWD, fresh.c_str(), AT_FDCWD, out.c_str(), RENAME_EXCHANGE) != 0) {
    diags->Error(out_dir, 0, 0,
                 std::string("cannot swap the new site into place: ") + std::strerror(errno));
    return false;
  }
  SyncPath(parent);
  // The staging folder now holds the old site: keep it as the spare the next build
  // writes over, which costs far less than deleting it now and creating every file anew.
  if (::rename(fresh.c_str(), (parent / SpareName(out)).c_str()) == 0) staging_.clear();
  return true;  // otherwise the destructor removes it
}

}  // namespace bulletin
