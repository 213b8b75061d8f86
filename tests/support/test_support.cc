#include "test_support.h"

#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace bulletin::testing {

std::string SourceDir() { return BULLETIN_SOURCE_DIR_PATH; }

const char* BulletinBinary() { return BULLETIN_BINARY_PATH; }

TempDir::TempDir() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "bulletin-test-XXXXXX").string();
  char* made = ::mkdtemp(tmpl.data());
  path_ = made ? made : "";
}

TempDir::~TempDir() {
  std::error_code ec;
  if (!path_.empty()) std::filesystem::remove_all(path_, ec);
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

ShellResult RunShell(const std::string& command) {
  ShellResult r;
  FILE* p = ::popen(command.c_str(), "r");
  if (!p) return r;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) r.output.append(buf.data(), n);
  int status = ::pclose(p);
  r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

std::string ReplaceAll(std::string text, const std::string& from, const std::string& to) {
  for (size_t pos = 0; (pos = text.find(from, pos)) != std::string::npos; pos += to.size()) {
    text.replace(pos, from.size(), to);
  }
  return text;
}

void MinimalSiteTest::SetUp() {
  std::filesystem::copy(SourceDir() + "/tests/fixtures/valid/minimal/content", tmp_ / "content",
                        std::filesystem::copy_options::recursive);
  options_.content_dir = tmp_ / "content";
  options_.templates_dir = SourceDir() + "/templates";
  options_.out_dir = tmp_ / "site";
  options_.today = *Date::Parse("2026-01-01");
}

bool MinimalSiteTest::Build() {
  diags_ = Diagnostics();
  return BuildSite(fs_, options_, &diags_, &stats_);
}

void MinimalSiteTest::Write(const std::string& rel, const std::string& text) {
  std::ofstream(tmp_ / ("content/" + rel)) << text;
}

}  // namespace bulletin::testing
