#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "content/content_tree.h"
#include "core/diagnostics.h"
#include "markdown/markdown.h"
#include "sitegen/dependents.h"
#include "sitegen/output_tree.h"

namespace bulletin {

/// What `bulletin build` keeps beside its output, in `.NAME.cache/` next to `.NAME.spare`,
/// so that the next build renders only what changed: every document's rendered Markdown
/// (and what rendering it reported), what the rest of the site shows of each brief and
/// bulletin, each page's related briefs, and a fingerprint of every file of the published
/// site and of the spare folder beside it.
///
/// A body is reused when its file's bytes are the same (each body is keyed by its path and
/// its file's hash). Pages are rendered only where they depend on a changed brief or
/// bulletin when everything else the pages read is as it was (site.yaml, templates, pages,
/// quizzes, --drafts, the day, this very program) and the output and spare folders are the
/// ones the last build left; otherwise every page is rendered. Anything missing, unreadable
/// or from another version of bulletin is ignored: the build then does the whole work and
/// leaves a new cache. `bulletin build --clean` ignores it on purpose.
///
/// The cache is read and written under the lock beside the output (OutputTree::LockBeside):
/// bodies go into new files as they are rendered, and the index that names them is replaced
/// in one rename after the site is published, so a killed build leaves the last cache whole.
class BuildCache {
 public:
  /// Reads the index beside `out_dir`, if there is a usable one (and `read` is set: else the
  /// cache starts empty, as `--clean` asks).
  explicit BuildCache(const std::string& out_dir, bool read = true);
  ~BuildCache();
  BuildCache(const BuildCache&) = delete;
  BuildCache& operator=(const BuildCache&) = delete;

  /// Fills *out and adds to *diags what rendering `d`'s body gave last time, if its file
  /// is unchanged. False (nothing filled) otherwise. Thread-safe.
  bool LoadBody(const Document& d, RenderedMarkdown* out, Diagnostics* diags) const;
  /// Records `d`'s body as rendered, with the diagnostics rendering it reported. `worker`
  /// (below 64) names the calling thread: no two threads may pass the same one at once.
  void SaveBody(const Document& d, const RenderedMarkdown& body, const Diagnostics& diags,
                size_t worker);
  /// True if the files that hold the bodies are mostly bodies no longer used: the build
  /// should then save every body, so the old files can go.
  bool WantsEveryBody() const;

  /// True if the pages can be rendered only where a brief or bulletin changed: what the
  /// pages read besides them hashes to `inputs` as last time, and the output folder is the
  /// one the last build published.
  bool PagesReusable(uint64_t inputs) const;
  /// The briefs and bulletins whose files changed since the last build (changed, added or
  /// removed), with what the site showed of each then (nullopt: it was not there).
  void Changes(const ContentTree& content, std::vector<std::string>* paths,
               std::vector<std::optional<ShownDocument>>* before) const;
  const RelatedLists& related() const;
  /// The published site's files, or null unless PagesReusable.
  const Fingerprints* live() const;
  /// The spare folder's files, or null if they are not known.
  const Fingerprints* spare() const;

  /// After a successful publish: records the new site (`files`, what `content` is now, what
  /// it shows and `related`) and `inputs`, replaces the index, and removes body files no
  /// longer named. Returns false (and the next build does the whole work) on failure.
  bool Commit(const ContentTree& content, const std::vector<ShownDocument>& shown,
              const RelatedLists& related, uint64_t inputs, const Fingerprints& files);

  /// Removes the bodies saved since this cache was opened (a build that failed).
  void Abandon();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

/// A hash of everything the pages read besides the briefs and bulletins: site.yaml, the
/// templates, the pages and quizzes, the build's options and this program.
uint64_t PageInputsKey(const FileSystem& fs, const std::string& content_dir,
                       const std::string& templates_dir, const ContentTree& content, bool drafts,
                       Date today);

}  // namespace bulletin
