#include "build/output_tree.h"

#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "core/file_system.h"

namespace bulletin {

namespace fs = std::filesystem;

bool OutputTree::Add(const std::string& path, std::string contents) {
  if (Has(path)) return false;
  files_.emplace(path, std::move(contents));
  return true;
}

bool OutputTree::AddCopy(const std::string& path, const std::string& source) {
  if (Has(path)) return false;
  copies_.emplace(path, source);
  return true;
}

bool OutputTree::Has(const std::string& path) const {
  return files_.count(path) || copies_.count(path) || kept_.count(path);
}

namespace {

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

}  // namespace

bool OutputTree::Publish(const std::string& out_dir, Diagnostics* diags) const {
  fs::path out = fs::absolute(fs::path(out_dir)).lexically_normal();
  if (out.filename().empty()) out = out.parent_path();
  fs::path parent = out.parent_path();
  std::string leftover_prefix = "." + out.filename().string() + ".";
  std::error_code ec;
  fs::create_directories(parent, ec);
  RemoveLeftovers(parent, leftover_prefix);

  fs::path fresh = parent / (leftover_prefix + "new-" + std::to_string(::getpid()));
  std::string err;
  for (const auto& [rel, contents] : files_) {
    if (!WriteFileCreatingDirs((fresh / rel).string(), contents, &err)) {
      diags->Error(out_dir, 0, 0, "cannot write the new site: " + err);
      fs::remove_all(fresh, ec);
      return false;
    }
  }
  for (const auto& [rel, source] : copies_) {
    fs::create_directories((fresh / rel).parent_path(), ec);
    if (!ec) fs::copy_file(source, fresh / rel, fs::copy_options::overwrite_existing, ec);
    if (ec) {
      diags->Error(source, 0, 0, "cannot copy into the new site: " + ec.message());
      fs::remove_all(fresh, ec);
      return false;
    }
  }
  if (files_.empty() && copies_.empty()) fs::create_directories(fresh, ec);

  if (!fs::exists(out, ec)) {
    if (::rename(fresh.c_str(), out.c_str()) != 0) {
      diags->Error(out_dir, 0, 0, std::string("cannot move the new site into place: ") +
                                      std::strerror(errno));
      fs::remove_all(fresh, ec);
      return false;
    }
    SyncPath(parent);
    return true;
  }
  if (!fs::is_directory(out, ec)) {
    diags->Error(out_dir, 0, 0, "exists and is not a folder; remove it or choose another --out");
    fs::remove_all(fresh, ec);
    return false;
  }
  // Exchange the two folders in one step: no moment exists without a complete site.
  if (::renameat2(AT_FDCWD, fresh.c_str(), AT_FDCWD, out.c_str(), RENAME_EXCHANGE) != 0) {
    diags->Error(out_dir, 0, 0, std::string("cannot swap the new site into place: ") +
                                    std::strerror(errno));
    fs::remove_all(fresh, ec);
    return false;
  }
  SyncPath(parent);
  fs::remove_all(fresh, ec);  // now holds the previous site
  return true;
}

}  // namespace bulletin
