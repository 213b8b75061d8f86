#include "core/memory_file_system.h"

namespace bulletin {

namespace {
std::string DirPrefix(const std::string& dir) {
  return dir.empty() || dir.back() == '/' ? dir : dir + '/';
}
}  // namespace

bool MemoryFileSystem::ReadFile(const std::string& path, std::string* contents,
                                std::string* err) const {
  auto it = files_.find(path);
  if (it == files_.end()) {
    *err = "No such file or directory";
    return false;
  }
  *contents = it->second;
  return true;
}

std::vector<std::string> MemoryFileSystem::ListFiles(const std::string& dir) const {
  std::vector<std::string> out;
  for (const std::string& rel : ListFilesRecursive(dir)) {
    if (rel.find('/') == std::string::npos) out.push_back(rel);
  }
  return out;
}

std::vector<std::string> MemoryFileSystem::ListFilesRecursive(const std::string& dir) const {
  std::string prefix = DirPrefix(dir);
  std::vector<std::string> out;
  for (auto it = files_.lower_bound(prefix); it != files_.end(); ++it) {
    if (it->first.compare(0, prefix.size(), prefix) != 0) break;
    out.push_back(it->first.substr(prefix.size()));
  }
  return out;
}

bool MemoryFileSystem::IsFile(const std::string& path) const { return files_.count(path) > 0; }

bool MemoryFileSystem::IsDirectory(const std::string& path) const {
  std::string prefix = DirPrefix(path);
  auto it = files_.lower_bound(prefix);
  return it != files_.end() && it->first.compare(0, prefix.size(), prefix) == 0;
}

}  // namespace bulletin
