#include "content/front_matter.h"

#include <gtest/gtest.h>

namespace bulletin {
namespace {

SiteConfig TestSite() {
  SiteConfig site;
  site.name = "Riverside Safeguarding Partnership";
  site.themes = {{"domestic-abuse", "Domestic abuse", ""},
                 {"coercive-control", "Coercive control", ""}};
  return site;
}

// Parses `text` as content/briefs/input.md and returns every diagnostic.
std::string Parse(const std::string& text, Document* doc,
                  DocumentKind kind = DocumentKind::kBrief) {
  Diagnostics diags;
  doc->kind = kind;
  doc->path = "input";
  doc->slug = "input";
  ParseDocument(text, TestSite(), &diags, doc);
  return diags.FormatAll();
}

const char kValid[] =
    "---\n"
    "title: Learning from Child O\n"
    "date: 2024-03-05\n"
    "review_type: CSPR\n"
    "themes: [domestic-abuse, Coercive control]\n"
    "audience: [Social workers, GPs]\n"
    "summary: Who else lives in the house?\n"
    "review_by: 2026-03-05\n"
    "---\n"
    "## Background\n";

TEST(FrontMatterTest, ReadsEveryField) {
  Document doc;
  EXPECT_EQ(Parse(kValid, &doc), "");
  EXPECT_EQ(doc.title, "Learning from Child O");
  EXPECT_EQ(doc.date->ToIso(), "2024-03-05");
  EXPECT_EQ(doc.review_type, "CSPR");
  EXPECT_EQ(doc.themes, (std::vector<std::string>{"domestic-abuse", "coercive-control"}));
  EXPECT_EQ(doc.audience, (std::vector<std::string>{"Social workers", "GPs"}));
  EXPECT_EQ(doc.partnership, "Riverside Safeguarding Partnership");
  EXPECT_EQ(doc.review_by->ToIso(), "2026-03-05");
  EXPECT_FALSE(doc.draft);
  EXPECT_EQ(doc.body, "## Background\n");
  EXPECT_EQ(doc.body_line, 10);
  EXPECT_EQ(doc.FieldLine("summary"), 7);
}

TEST(FrontMatterTest, AThemeNamedTwiceCountsOnce) {
  Document doc;
  std::string text = kValid;
  text.replace(text.find("[domestic-abuse, Coercive control]"),
               std::string("[domestic-abuse, Coercive control]").size(),
               "[domestic-abuse, Domestic abuse, coercive-control]");
  EXPECT_EQ(Parse(text, &doc), "");
  EXPECT_EQ(doc.themes, (std::vector<std::string>{"domestic-abuse", "coercive-control"}));
}

TEST(FrontMatterTest, RejectsMissingFrontMatter) {
  Document doc;
  EXPECT_EQ(Parse("# Just a heading\n", &doc),
            "input:1:1: error: no front matter: start the file with a line '---', then fields "
            "such as 'title: ...', then another line '---'\n");
}

TEST(FrontMatterTest, ReportsEveryMissingField) {
  Document doc;
  EXPECT_EQ(Parse("---\ntitle: T\n---\n", &doc),
            "input:2:1: error: missing 'summary' in brief front matter; add a line such as "
            "'summary: One or two sentences on what practitioners should take away'\n"
            "input:2:1: error: missing 'date' in brief front matter; add a line such as "
            "'date: 2024-03-05'\n"
            "input:2:1: error: missing 'review_type' in brief front matter; add a line such as "
            "'review_type: CSPR'\n"
            "input:2:1: error: missing 'themes' in brief front matter; add a line such as "
            "'themes: [domestic-abuse]'\n");
}

TEST(FrontMatterTest, SuggestsTheFieldMeant) {
  Document doc;
  std::string text = kValid;
  text.replace(text.find("summary:"), 8, "sumary:");
  std::string out = Parse(text, &doc);
  EXPECT_NE(out.find("input:7:1: error: unknown field 'sumary' in brief front matter; did you "
                     "mean 'summary'?\n"),
            std::string::npos)
      << out;
}

TEST(FrontMatterTest, RejectsBadDatesAndTypes) {
  Document doc;
  EXPECT_EQ(Parse("---\n"
                  "title: [a, b]\n"
                  "date: 5 March 2024\n"
                  "review_type: SAR\n"
                  "themes: [domestic-abuse]\n"
                  "summary: S\n"
                  "draft: maybe\n"
                  "---\n",
                  &doc),
            "input:2:8: error: 'title' must be a single line of text\n"
            "input:3:7: error: 'date' is not a date: write it as YYYY-MM-DD, for example "
            "2024-03-05\n"
            "input:7:8: error: 'draft' must be true or false\n");
}

TEST(FrontMatterTest, RejectsUnknownThemeWithSuggestion) {
  Document doc;
  std::string text = kValid;
  text.replace(text.find("domestic-abuse"), 14, "domestic-abus");
  EXPECT_EQ(Parse(text, &doc),
            "input:5:10: error: unknown theme 'domestic-abus'; did you mean 'domestic-abuse'?\n");
  text = kValid;
  text.replace(text.find("domestic-abuse"), 14, "county-lines");
  EXPECT_EQ(Parse(text, &doc),
            "input:5:10: error: unknown theme 'county-lines'; use one of the themes in site.yaml "
            "(domestic-abuse, coercive-control) or add it there\n");
}

TEST(FrontMatterTest, ReportsYamlSyntaxAtFileLine) {
  Document doc;
  std::string out = Parse("---\ntitle: T\nthemes: [a\nsummary: x\n---\n", &doc);
  EXPECT_EQ(out.rfind("input:", 0), 0u);
  EXPECT_NE(out.find("error: YAML syntax:"), std::string::npos) << out;
}

TEST(FrontMatterTest, AYamlErrorDoesNotHideTheFilesOtherErrors) {
  Document doc;
  // Line 2's colon stops the YAML reader; the date and the theme are still checked, and
  // the title is not called missing as well.
  std::string out = Parse(
      "---\n"
      "title: Child M: was not brought\n"
      "date: 02/06/2026\n"
      "review_type: CSPR\n"
      "themes: [domestc-abuse]\n"
      "summary: Who else lives in the house?\n"
      "---\n",
      &doc);
  EXPECT_EQ(out,
            "input:2:15: error: YAML syntax: illegal map value (check indentation, and put text "
            "containing ': ' or '#' in quotes)\n"
            "input:3:7: error: 'date' is not a date: write it as YYYY-MM-DD, for example "
            "2024-03-05\n"
            "input:5:10: error: unknown theme 'domestc-abuse'; did you mean 'domestic-abuse'?\n");
  EXPECT_EQ(doc.summary, "Who else lives in the house?");
}

TEST(FrontMatterTest, SeveralYamlErrorsDownTheFileAreEachReported) {
  Document doc;
  std::string out = Parse(
      "---\n"
      "title: Child M: was not brought\n"
      "date: 2024-03-05\n"
      "summary: Seen: not heard\n"
      "review_type: CSPR\n"
      "themes: [domestic-abuse]\n"
      "---\n",
      &doc);
  EXPECT_EQ(out,
            "input:2:15: error: YAML syntax: illegal map value (check indentation, and put text "
            "containing ': ' or '#' in quotes)\n"
            "input:4:14: error: YAML syntax: illegal map value (check indentation, and put text "
            "containing ': ' or '#' in quotes)\n");
}

TEST(FrontMatterTest, PagesNeedOnlyATitle) {
  Document doc;
  EXPECT_EQ(Parse("---\ntitle: About us\nnav_order: 2\n---\nText\n", &doc, DocumentKind::kPage),
            "");
  EXPECT_EQ(doc.nav_order, 2);
  EXPECT_EQ(Parse("---\ntitle: About us\ndate: 2024-01-01\n---\n", &doc, DocumentKind::kPage),
            "input:3:1: error: unknown field 'date' in page front matter; the fields are: title, "
            "summary, draft, nav_order\n");
}

TEST(FrontMatterTest, AcceptsWindowsLineEndingsAndByteOrderMark) {
  Document doc;
  std::string text = "\xEF\xBB\xBF";
  for (char c : std::string(kValid)) {
    if (c == '\n') text += '\r';
    text += c;
  }
  EXPECT_EQ(Parse(text, &doc), "");
  EXPECT_EQ(doc.title, "Learning from Child O");
}

}  // namespace
}  // namespace bulletin
