#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "sitegen/site_builder.h"

// The paths are compiled into test_support.cc alone, so every other test file compiles to the
// same object wherever the tree is checked out (and a compiler cache can share it).
#define BULLETIN_SOURCE_DIR (::bulletin::testing::SourceDir())
#define BULLETIN_BINARY (::bulletin::testing::BulletinBinary())

namespace bulletin::testing {

/// The repository root, for fixtures, templates and content.
std::string SourceDir();

/// The `bulletin` program under test.
const char* BulletinBinary();

/// A fresh empty folder under the system temp folder, removed when this goes away.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }
  std::string operator/(const std::string& rel) const { return path_ + "/" + rel; }

 private:
  std::string path_;
};

/// The whole file as a string ("" if it cannot be read).
std::string ReadAll(const std::string& path);

/// What a shell command printed (stdout and stderr together) and its exit status.
struct ShellResult {
  int status = -1;  ///< -1 if it did not exit normally
  std::string output;
};

/// Runs `command` with /bin/sh and waits for it; append "2>&1" to capture stderr too.
ShellResult RunShell(const std::string& command);

/// Replaces every occurrence of `from` in `text` with `to`.
std::string ReplaceAll(std::string text, const std::string& from, const std::string& to);

/// A test of the minimal fixture site (tests/fixtures/valid/minimal), copied into tmp_/content
/// and built with the repository's templates into tmp_/site as on 2026-01-01.
class MinimalSiteTest : public ::testing::Test {
 protected:
  void SetUp() override;
  /// Builds the site into tmp_/site, reporting into diags_ and stats_.
  bool Build();
  /// The bytes of tmp_/site/`rel`.
  std::string Page(const std::string& rel) { return ReadAll(tmp_ / ("site/" + rel)); }
  /// Writes tmp_/content/`rel`.
  void Write(const std::string& rel, const std::string& text);

  TempDir tmp_;
  RealFileSystem fs_;
  BuildOptions options_;
  Diagnostics diags_;
  BuildStats stats_;
};

}  // namespace bulletin::testing
