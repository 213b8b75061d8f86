#pragma once

#include <map>
#include <set>
#include <string>

#include "core/diagnostics.h"

namespace bulletin {

/// The files a build produces, held in memory until the whole build has succeeded.
class OutputTree {
 public:
  /// Adds a file at a site-relative path ("briefs/x/index.html"). Returns false if the
  /// path was already taken (the caller reports the clash).
  bool Add(const std::string& path, std::string contents);
  /// Adds a file to be copied from `source` on disk.
  bool AddCopy(const std::string& path, const std::string& source);
  /// Marks a file an incremental build did not regenerate because it has not changed: it
  /// stays as it is on disk. Publish ignores kept files.
  void Keep(const std::string& path) { kept_.insert(path); }
  bool Has(const std::string& path) const;
  const std::map<std::string, std::string>& files() const { return files_; }
  /// Site path -> source path of the files to copy.
  const std::map<std::string, std::string>& copies() const { return copies_; }
  const std::set<std::string>& kept() const { return kept_; }
  size_t size() const { return files_.size() + copies_.size(); }

  /// Writes every file into a fresh folder beside `out_dir`, then swaps it in with one
  /// atomic rename, so a reader (or a killed build) sees the old site or the new one,
  /// never a mix. Returns false and reports, leaving `out_dir` untouched, on failure.
  bool Publish(const std::string& out_dir, Diagnostics* diags) const;

 private:
  std::map<std::string, std::string> files_;
  std::map<std::string, std::string> copies_;
  std::set<std::string> kept_;
};

}  // namespace bulletin
