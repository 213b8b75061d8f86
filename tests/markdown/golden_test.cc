// Renders each tests/golden/markdown/<name>.md and compares with <name>.html exactly, and
// for a broken input named <name>-errors.md its diagnostics with <name>-errors.errors.
// BULLETIN_UPDATE_GOLDEN=1 rewrites the .html files instead (review the diff before committing).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "markdown/markdown.h"
#include "support/test_support.h"

namespace bulletin {
namespace {

namespace fs = std::filesystem;

std::string ReadAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<fs::path> GoldenInputs() {
  std::vector<fs::path> inputs;
  for (const auto& entry :
       fs::directory_iterator(fs::path(BULLETIN_SOURCE_DIR) / "tests" / "golden" / "markdown")) {
    if (entry.path().extension() == ".md") inputs.push_back(entry.path());
  }
  std::sort(inputs.begin(), inputs.end());
  return inputs;
}

TEST(MarkdownGoldenTest, EachInputRendersToItsExpectedHtml) {
  const char* update = std::getenv("BULLETIN_UPDATE_GOLDEN");
  bool rewrite = update && std::string(update) == "1";
  std::vector<fs::path> inputs = GoldenInputs();
  ASSERT_GE(inputs.size(), 8u);
  for (const fs::path& md : inputs) {
    SCOPED_TRACE(md.filename().string());
    // Quiz-only blocks are goldens too; a name starting "quiz-" renders as a quiz file would.
    RenderOptions options;
    options.allow_quiz_blocks = md.filename().string().rfind("quiz-", 0) == 0;
    Diagnostics diags;
    RenderedMarkdown out;
    bool ok = RenderMarkdown(ReadAll(md), "input", 1, options, &diags, &out);
    // Inputs named "*-errors.md" show how rejected content renders; the rest must be clean.
    bool expect_errors = md.stem().string().ends_with("-errors");
    EXPECT_EQ(ok, !expect_errors) << diags.FormatAll();
    // <name>.html holds the html; <name>.errors every diagnostic of a "-errors" input.
    fs::path html = fs::path(md).replace_extension(".html");
    fs::path errors = fs::path(md).replace_extension(".errors");
    if (rewrite) {
      std::ofstream(html, std::ios::binary) << out.html;
      if (expect_errors) std::ofstream(errors, std::ios::binary) << diags.FormatAll();
      continue;
    }
    ASSERT_TRUE(fs::exists(html)) << "missing " << html << "; run with BULLETIN_UPDATE_GOLDEN=1";
    EXPECT_EQ(out.html, ReadAll(html));
    if (expect_errors) {
      EXPECT_EQ(diags.FormatAll(), ReadAll(errors));
    }
  }
}

}  // namespace
}  // namespace bulletin
