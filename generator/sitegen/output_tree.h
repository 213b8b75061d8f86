#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/diagnostics.h"

namespace bulletin {

/// Each file of a site folder (site-relative path) with a hash of its bytes (Hash64).
using Fingerprints = std::unordered_map<std::string, uint64_t>;

/// The path of `.NAME.<what>` beside the output folder NAME: the spare site ("spare"), the
/// build cache ("cache"), the lock ("lock").
std::string PathBesideOutput(const std::string& out_dir, const std::string& what);

/// The files a build produces. By default they are held in memory (`bulletin check`);
/// after StageBeside each file goes straight into a fresh hidden folder beside the
/// output folder as it is added, so a large site is never held in memory whole, and
/// Publish swaps that folder in. Add, AddCopy, Has and Read may be called from several
/// threads at once.
class OutputTree {
 public:
  OutputTree() = default;
  /// Removes a staging folder that was never published (a failed build leaves nothing).
  ~OutputTree();
  OutputTree(const OutputTree&) = delete;
  OutputTree& operator=(const OutputTree&) = delete;

  /// Takes the lock beside `out_dir` that keeps two builds from staging there at once,
  /// waiting for another build to finish; held until this tree goes. StageBeside takes it
  /// if it is not held yet.
  void LockBeside(const std::string& out_dir);
  /// Before StageBeside: what a build cache knows of the files of the published site
  /// (`live`) and of the spare beside it (`spare`, or null if not known); both must outlive
  /// this tree. Kept files (Keep) are then made in the new site as they are in the live one,
  /// and when the spare is reused, a file found there whose fingerprint is already right is
  /// not read. (The spare is still walked, so files added to it or taken from it show.)
  void TrustFingerprints(const Fingerprints* live, const Fingerprints* spare);

  /// Read gives kept files as the published site at `out_dir` has them (StageBeside
  /// does this itself): an incremental build that writes in place (`serve --watch`).
  void ReadKeptFrom(const std::string& out_dir);

  /// From now on, writes each added file into a staging folder beside `out_dir`: the spare
  /// the last publish left there (the site it replaced) when there is one, where a file
  /// that already has the right bytes is left alone, else a fresh folder. Clears other
  /// folders a killed build left there. A write that fails is reported by Publish.
  void StageBeside(const std::string& out_dir);

  /// Adds a file at a site-relative path ("briefs/x/index.html"). Returns false if the
  /// path was already taken (the caller reports the clash).
  bool Add(const std::string& path, std::string contents);
  /// Adds a file to be copied from `source` on disk.
  bool AddCopy(const std::string& path, const std::string& source);
  /// Marks a file an incremental build did not regenerate because it has not changed: it
  /// stays as it is on disk. Publish takes kept files from the live site when it was given
  /// its fingerprints (TrustFingerprints), and otherwise ignores them.
  void Keep(const std::string& path);
  bool Has(const std::string& path) const;
  /// Calls fn(path) for every path Has accepts (added, copied or kept), in no set order.
  void ForEachPath(const std::function<void(const std::string&)>& fn) const;
  /// The files added with Add, with their contents, when not staging (the incremental
  /// build never stages: it writes changed files itself).
  const std::map<std::string, std::string>& files() const { return files_; }
  /// Site path -> source path of the files to copy.
  const std::map<std::string, std::string>& copies() const { return copies_; }
  const std::set<std::string>& kept() const { return kept_; }
  /// The paths of the files added with Add (not copies), sorted.
  std::vector<std::string> FilePaths() const;
  /// The contents of a file added with Add, from memory or read back from the staging
  /// folder, or of a kept file from the published site (see ReadKeptFrom).
  /// False for copies and unknown paths.
  bool Read(const std::string& path, std::string* contents) const;
  size_t size() const;
  /// Every file of the site with the hash of its bytes, once Publish has succeeded.
  const Fingerprints& fingerprints() const { return made_; }

  /// Writes what is not yet written into the staging folder beside `out_dir`, removes
  /// the files a reused folder has that this build did not add, then swaps it in with one
  /// atomic rename, so a reader (or a killed build) sees the old site or the new one,
  /// never a mix. The old site stays beside as `.NAME.spare` for the next build. Returns
  /// false and reports, leaving `out_dir` untouched, on failure.
  bool Publish(const std::string& out_dir, Diagnostics* diags);

 private:
  bool Claim(const std::string& path);
  bool WriteStaged(const std::string& path, const std::string& contents);
  bool WriteInto(const std::string& root, bool reused, const std::string& path,
                 const std::string& contents, uint64_t fingerprint, std::string* err);
  /// Makes the folder `rel` of `root` and those above it, each once per build.
  bool MakeFolders(const std::string& root, std::string_view rel, std::string* err);
  bool RemoveStale(Diagnostics* diags, const std::string& out_dir);
  bool AddKeptFiles(const std::string& out_dir, Diagnostics* diags);
  bool LinkOrCopy(const std::string& from, const std::string& rel, std::string* err);
  /// True if the reused spare has `rel` (found there, not only remembered) with these bytes.
  bool SpareHas(const std::string& rel, uint64_t fingerprint) const;
  void Fail(const std::string& message);

  mutable std::mutex mutex_;
  std::set<std::string> paths_;                ///< every path added, files and copies
  std::map<std::string, std::string> files_;   ///< contents, when not staged
  std::map<std::string, std::string> copies_;  ///< path -> source
  std::set<std::string> kept_;                 ///< unchanged files left as they are
  std::string staging_;                        ///< the staging folder, once staging
  bool reused_ = false;                        ///< staging_ holds an earlier site
  std::vector<std::string> reused_files_;      ///< its files when staging began
  int lock_fd_ = -1;                           ///< holds the lock beside the output
  std::string write_error_;                    ///< the first write that failed
  std::mutex folders_mutex_;
  /// Folders of the staging folder known to exist (site-relative), so each is made once.
  std::set<std::string, std::less<>> folders_made_;
  const Fingerprints* live_ = nullptr;             ///< the published site, if a cache knows it
  const Fingerprints* spare_ = nullptr;            ///< the spare, if known and staging reuses it
  Fingerprints made_;                              ///< the new site's files
  std::unordered_set<std::string> spare_present_;  ///< files found in a trusted spare
  std::string live_root_;                          ///< the published site, once staging
};

}  // namespace bulletin
