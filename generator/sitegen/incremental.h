#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "sitegen/site_builder.h"

namespace bulletin {

struct IncrementalStats {
  bool reloaded = false;  ///< everything was loaded again (see IncrementalBuild::Update)
  int pages_rendered = 0;
  int files_written = 0;  ///< files whose bytes changed (or every file, on a first publish)
  int files_removed = 0;
  BuildStats build;
};

/// A build that stays in memory between runs (`bulletin serve --watch`). It keeps the loaded
/// content, every rendered Markdown body, which briefs each page lists as related, and a
/// fingerprint of every file it wrote, so after an edit it re-renders only the pages that
/// depend on the changed files and rewrites only the files whose bytes changed. The site on
/// disk is always byte for byte what a clean BuildSite with the same options writes.
///
/// What depends on a brief or bulletin: its own page; the home page, its list page and
/// /themes/ (counts); the pages of its themes, old and new; /key-messages/, /think/ and the
/// key messages and Think packs of those themes; the pages that list it as related or would
/// now; the pages it supersedes; the search index, feed and sitemap. Anything else that
/// changes (site.yaml, templates, pages, quizzes, static files) reloads everything,
/// re-rendering only the Markdown bodies whose text changed, and rewrites the files that
/// differ.
///
/// A build with errors writes nothing: the last good site stays on disk, and the next
/// Update still rewrites what the failed one would have.
class IncrementalBuild {
 public:
  IncrementalBuild(const FileSystem& fs, BuildOptions options);
  ~IncrementalBuild();
  IncrementalBuild(const IncrementalBuild&) = delete;
  IncrementalBuild& operator=(const IncrementalBuild&) = delete;

  /// Loads everything and writes the site: the first time with BuildSite's atomic publish
  /// (out_dir is swapped whole), later by rewriting the files that differ. Returns false,
  /// writing nothing, if any error was reported.
  bool Rebuild(Diagnostics* diags, IncrementalStats* stats);

  /// Brings the site up to date after `changed`: paths (as the caller names them, under
  /// content_dir or templates_dir) of files that were created, written or deleted. Each
  /// changed file is written atomically (temporary file, then rename) and files the site no
  /// longer has are deleted. Before the first successful Rebuild it runs Rebuild. Returns
  /// false, writing nothing, if any error was reported.
  ///
  /// Once the site has been written once, Rebuild and Update return as soon as the pages
  /// are on disk and leave the search index (the slowest part) to a thread of its own; an
  /// index still being built when a newer update comes is not written.
  bool Update(const std::vector<std::string>& changed, Diagnostics* diags, IncrementalStats* stats);

  /// Sets the date review_by warnings and the footer's year are reckoned from. A new date
  /// makes the next Update reload everything (a preview left running past midnight).
  void SetToday(Date today);

  /// Blocks until the search index matches the last successful update. Returns false and
  /// reports if writing it failed.
  bool WaitForSearchIndex(Diagnostics* diags);
  /// Has `callback` called (on the index's thread) each time the latest index is written,
  /// with whether that worked and how long it took.
  void OnSearchIndexWritten(std::function<void(bool ok, double ms)> callback);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace bulletin
