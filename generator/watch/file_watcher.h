#pragma once

#include <chrono>
#include <map>
#include <string>
#include <vector>

namespace bulletin {

/// Watches folder trees for changed files with inotify: every folder below each root,
/// including folders created (or moved in) later. Editors that save by writing a temporary
/// file and renaming it over the original are seen as a change to both names.
class FileWatcher {
 public:
  FileWatcher();
  ~FileWatcher();
  FileWatcher(const FileWatcher&) = delete;
  FileWatcher& operator=(const FileWatcher&) = delete;

  /// Starts watching `roots` (folders that do not exist are skipped). Returns false and
  /// sets *err if inotify cannot be set up.
  bool Start(const std::vector<std::string>& roots, std::string* err);

  /// Blocks until a file changes, then keeps collecting until `quiet` passes without another
  /// change (one save is often several events), and returns the changed paths, sorted and
  /// unique, each a root joined with the path below it. If the kernel dropped events it
  /// returns the roots themselves. Returns nothing once Stop was called.
  std::vector<std::string> Wait(std::chrono::milliseconds quiet);

  /// Makes a waiting (or the next) Wait return at once. Thread-safe.
  void Stop();

 private:
  void AddTree(const std::string& dir, std::vector<std::string>* found);
  // Reads what is queued; false if nothing was.
  bool Drain(std::vector<std::string>* changed);

  int inotify_ = -1;
  int wake_ = -1;  // an eventfd Stop writes to
  std::vector<std::string> roots_;
  std::map<int, std::string> dirs_;  // watch descriptor -> folder
};

}  // namespace bulletin
