#include "build/output_tree.h"

#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "core/file_system.h"

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

// Folders left by a build that was killed before it could swap or clean up.
void RemoveLeftovers(const fs::path& parent, const std::string& prefix) {
  std::error_code ec;
  for (fs::directory_iterator it(parent, ec), end; !ec && it != end; it.increment(ec)) {
    std::string name = it->path().filename().string();
    if (name.rfind(prefix, 0) == 0) fs::remove_all(it->path(), ec);
  }
}

bool SyncPath(const fs::path& p) {
  int fd = ::open(p.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd < 0) return false;
  ::fsync(fd);
  ::close(fd);
  return true;
}

// Like mkdir -p for the folders above `file`; safe when threads race to make the same one.
bool MakeParents(const std::string& file) {
  for (size_t slash = file.find('/', 1); slash != std::string::npos;
       slash = file.find('/', slash + 1)) {
    std::string dir = file.substr(0, slash);
    if (::mkdir(dir.c_str(), 0755) != 0 && errno != EEXIST) return false;
  }
  return true;
}

// One open, write and close; the folders are made only when the first open says they
// are missing, so the common case costs no extra system calls.
bool WriteWhole(const std::string& file, const std::string& contents, std::string* err) {
  int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0 && errno == ENOENT && MakeParents(file)) {
    fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  }
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

}  // namespace

OutputTree::~OutputTree() {
  if (staging_.empty()) return;
  std::error_code ec;
  fs::remove_all(staging_, ec);
}

void OutputTree::StageBeside(const std::string& out_dir) {
  fs::path out = AbsoluteOut(out_dir);
  fs::path parent = out.parent_path();
  std::error_code ec;
  fs::create_directories(parent, ec);
  RemoveLeftovers(parent, LeftoverPrefix(out));
  fs::path fresh = parent / (LeftoverPrefix(out) + "new-" + std::to_string(::getpid()));
  fs::create_directories(fresh, ec);
  if (ec) Fail(fresh.string() + ": " + ec.message());
  std::lock_guard<std::mutex> lock(mutex_);
  staging_ = fresh.string();
  // Files added before staging began are written now.
  for (auto& [rel, contents] : files_) WriteStaged(rel, contents);
  files_.clear();
}

bool OutputTree::Claim(const std::string& path) {
  std::lock_guard<std::mutex> lock(mutex_);
  return paths_.insert(path).second;
}

void OutputTree::Fail(const std::string& message) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (write_error_.empty()) write_error_ = message;
}

bool OutputTree::WriteStaged(const std::string& path, const std::string& contents) {
  std::string err;
  if (WriteWhole(staging_ + "/" + path, contents, &err)) return true;
  if (write_error_.empty()) write_error_ = "cannot write the new site: " + err;
  return false;
}

bool OutputTree::Add(const std::string& path, std::string contents) {
  if (!Claim(path)) return false;
  std::string staging;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (staging_.empty()) {
      files_.emplace(path, std::move(contents));
      return true;
    }
    staging = staging_;
  }
  std::string err;
  if (!WriteWhole(staging + "/" + path, contents, &err)) Fail("cannot write the new site: " + err);
  return true;
}

bool OutputTree::AddCopy(const std::string& path, const std::string& source) {
  if (!Claim(path)) return false;
  std::lock_guard<std::mutex> lock(mutex_);
  copies_.emplace(path, source);
  return true;
}

bool OutputTree::Has(const std::string& path) const {
  std::lock_guard<std::mutex> lock(mutex_);
  return paths_.count(path) > 0;
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
  if (!paths_.count(path) || copies_.count(path)) return false;
  auto it = files_.find(path);
  if (it != files_.end()) {
    *contents = it->second;
    return true;
  }
  std::string err;
  return !staging_.empty() && RealFileSystem().ReadFile(staging_ + "/" + path, contents, &err);
}

size_t OutputTree::size() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return paths_.size();
}

bool OutputTree::Publish(const std::string& out_dir, Diagnostics* diags) {
  if (staging_.empty()) StageBeside(out_dir);
  fs::path out = AbsoluteOut(out_dir);
  fs::path parent = out.parent_path();
  fs::path fresh = staging_;
  std::error_code ec;
  for (const auto& [rel, source] : copies_) {
    fs::create_directories((fresh / rel).parent_path(), ec);
    if (!ec) fs::copy_file(source, fresh / rel, fs::copy_options::overwrite_existing, ec);
    if (ec) {
      diags->Error(source, 0, 0, "cannot copy into the new site: " + ec.message());
      return false;  // the destructor removes the staging folder
    }
  }
  if (!write_error_.empty()) {
    diags->Error(out_dir, 0, 0, write_error_);
    return false;
  }

  if (!fs::exists(out, ec)) {
    if (::rename(fresh.c_str(), out.c_str()) != 0) {
      diags->Error(out_dir, 0, 0, std::string("cannot move the new site into place: ") +
                                      std::strerror(errno));
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
    diags->Error(out_dir, 0, 0, std::string("cannot swap the new site into place: ") +
                                    std::strerror(errno));
    return false;
  }
  SyncPath(parent);
  return true;  // the destructor removes the staging folder, which now holds the old site
}

}  // namespace bulletin
