#include "core/diagnostics.h"

#include <gtest/gtest.h>

namespace bulletin {
namespace {

TEST(DiagnosticsTest, FormatsLikeACompiler) {
  Diagnostic d{Severity::kError, "content/briefs/a.md", 14, 3,
               "quiz question has no correct option"};
  EXPECT_EQ(d.Format(), "content/briefs/a.md:14:3: error: quiz question has no correct option");
}

TEST(DiagnosticsTest, LeavesOutUnknownPosition) {
  Diagnostic d{Severity::kWarning, "content", 0, 0, "odd"};
  EXPECT_EQ(d.Format(), "content: warning: odd");
  Diagnostic line_only{Severity::kError, "a.md", 2, 0, "x"};
  EXPECT_EQ(line_only.Format(), "a.md:2: error: x");
}

TEST(DiagnosticsTest, CountsAndSortsAll) {
  Diagnostics diags;
  diags.Error("b.md", 1, 1, "second file");
  diags.Warning("a.md", 9, 1, "later line");
  diags.Error("a.md", 2, 5, "earlier line");
  EXPECT_EQ(diags.error_count(), 2);
  EXPECT_EQ(diags.warning_count(), 1);
  diags.Sort();
  EXPECT_EQ(diags.FormatAll(),
            "a.md:2:5: error: earlier line\n"
            "a.md:9:1: warning: later line\n"
            "b.md:1:1: error: second file\n");
}

}  // namespace
}  // namespace bulletin
