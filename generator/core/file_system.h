#pragma once

#include <string>
#include <vector>

namespace bulletin {

/// The seam between the generator and the disk, so tests can use an in-memory twin.
/// Paths are plain strings joined with '/'.
class FileSystem {
 public:
  virtual ~FileSystem() = default;
  /// Returns false and sets *err if the file cannot be read.
  virtual bool ReadFile(const std::string& path, std::string* contents, std::string* err) const = 0;
  /// Names (not paths) of the regular files directly in `dir`, sorted; empty if none or absent.
  virtual std::vector<std::string> ListFiles(const std::string& dir) const = 0;
  /// Paths relative to `dir` of every regular file below it, sorted.
  virtual std::vector<std::string> ListFilesRecursive(const std::string& dir) const = 0;
  virtual bool IsFile(const std::string& path) const = 0;
  virtual bool IsDirectory(const std::string& path) const = 0;
};

/// The real disk.
class RealFileSystem : public FileSystem {
 public:
  bool ReadFile(const std::string& path, std::string* contents, std::string* err) const override;
  std::vector<std::string> ListFiles(const std::string& dir) const override;
  std::vector<std::string> ListFilesRecursive(const std::string& dir) const override;
  bool IsFile(const std::string& path) const override;
  bool IsDirectory(const std::string& path) const override;
};

/// Joins two path parts with exactly one '/'.
std::string JoinPath(const std::string& a, const std::string& b);

/// Writes `contents` to `path` (creating parent directories). Returns false and sets *err on
/// failure.
bool WriteFileCreatingDirs(const std::string& path, const std::string& contents, std::string* err);

}  // namespace bulletin
