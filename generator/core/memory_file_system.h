#pragma once

#include <map>
#include <string>

#include "core/file_system.h"

namespace bulletin {

/// An in-memory FileSystem for tests: files are added by full path.
class MemoryFileSystem : public FileSystem {
 public:
  void Add(const std::string& path, std::string contents) { files_[path] = std::move(contents); }

  bool ReadFile(const std::string& path, std::string* contents, std::string* err) const override;
  std::vector<std::string> ListFiles(const std::string& dir) const override;
  std::vector<std::string> ListFilesRecursive(const std::string& dir) const override;
  bool IsFile(const std::string& path) const override;
  bool IsDirectory(const std::string& path) const override;

 private:
  std::map<std::string, std::string> files_;
};

}  // namespace bulletin
