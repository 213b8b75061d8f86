// The fast front matter reader against the yaml-cpp one: for every input, ParseDocument
// must give the same Document and the same diagnostics whichever reads it, and the fast
// one must take the shapes real content has.

#include "content/front_matter_fast.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <random>
#include <sstream>

#include "content/front_matter.h"
#include "support/test_support.h"

namespace bulletin {
namespace {

using testing::ReadAll;
using testing::SourceDir;

std::string List(const std::vector<std::string>& items) {
  std::string out = "[";
  for (const std::string& item : items) out += "<" + item + ">";
  return out + "]";
}

std::string DateText(const std::optional<Date>& date) { return date ? date->ToIso() : "none"; }

// Every field of the document, one a line, so that a difference shows which.
std::string Describe(const Document& d) {
  std::ostringstream out;
  out << "kind " << KindName(d.kind) << "\npath " << d.path << "\nslug " << d.slug << "\ntitle <"
      << d.title << ">\ndate " << DateText(d.date) << "\npartnership <" << d.partnership
      << ">\nreview_type <" << d.review_type << ">\nthemes " << List(d.themes) << "\naudience "
      << List(d.audience) << "\nsummary <" << d.summary << ">\nreview_by " << DateText(d.review_by)
      << "\nwithdrawn " << d.withdrawn << "\nsuperseded_by <" << d.superseded_by << ">\ndraft "
      << d.draft << "\nnav_order " << d.nav_order << "\npseudonyms " << List(d.pseudonyms)
      << "\nreviewed " << List(d.reviewed) << "\nbody <" << d.body << ">\nbody_line " << d.body_line
      << "\nfield_lines";
  for (const auto& [field, line] : d.field_lines) out << " " << field << ":" << line;
  return out.str() + "\n";
}

struct Reading {
  bool ok = false;
  std::string document;
  std::string diagnostics;
};

Reading Read(FrontMatterReaders readers, const std::string& text, DocumentKind kind,
             const SiteConfig& site) {
  Document doc;
  doc.kind = kind;
  doc.path = "input.md";
  doc.slug = "input";
  Diagnostics diags;
  Reading r;
  r.ok = ParseDocumentWith(readers, text, site, &diags, &doc);
  r.document = Describe(doc);
  r.diagnostics = diags.FormatAll();
  return r;
}

// Expects both readers to agree on `text`; returns whether the fast reader took it.
bool ExpectSameReading(const std::string& text, DocumentKind kind, const SiteConfig& site,
                       const std::string& name) {
  const Reading slow = Read(FrontMatterReaders::kYamlCppOnly, text, kind, site);
  const Reading fast = Read(FrontMatterReaders::kPlainFirst, text, kind, site);
  EXPECT_EQ(fast.ok, slow.ok) << name;
  EXPECT_EQ(fast.document, slow.document) << name;
  EXPECT_EQ(fast.diagnostics, slow.diagnostics) << name;

  std::string yaml, body;
  int yaml_line = 0, body_line = 0;
  if (!SplitFrontMatter(text, &yaml, &yaml_line, &body, &body_line)) return false;
  Document doc;
  doc.kind = kind;
  const bool taken = ReadPlainFrontMatter(yaml, yaml_line, site, &doc);
  // Taken only where yaml-cpp's reader finds nothing to say.
  if (taken) {
    EXPECT_TRUE(slow.ok && slow.diagnostics.empty()) << name;
  }
  return taken;
}

SiteConfig TestSite() {
  SiteConfig site;
  site.name = "Riverside Safeguarding Partnership";
  site.themes = {{"domestic-abuse", "Domestic abuse", ""},
                 {"coercive-control", "Coercive control", ""},
                 {"clares-law", "Clare's Law", ""}};
  return site;
}

SiteConfig SiteFrom(const std::string& path) {
  SiteConfig site;
  Diagnostics diags;
  EXPECT_TRUE(ParseSiteConfig(ReadAll(path), path, &diags, &site)) << diags.FormatAll();
  return site;
}

// Runs every .md in content_dir/{briefs,bulletins,pages} through both readers; returns
// how many there were and how many the fast reader took.
std::pair<int, int> CompareTree(const std::string& content_dir) {
  const SiteConfig site = SiteFrom(content_dir + "/site.yaml");
  int files = 0, taken = 0;
  for (DocumentKind kind : {DocumentKind::kBrief, DocumentKind::kBulletin, DocumentKind::kPage}) {
    const std::filesystem::path dir = std::filesystem::path(content_dir) / KindFolder(kind);
    if (!std::filesystem::exists(dir)) continue;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
      if (entry.path().extension() != ".md") continue;
      ++files;
      taken += ExpectSameReading(ReadAll(entry.path()), kind, site, entry.path());
    }
  }
  return {files, taken};
}

TEST(FrontMatterFastTest, AgreesOnTheSampleContent) {
  auto [files, taken] = CompareTree(SourceDir() + "/content");
  EXPECT_GE(files, 10);
  // The sample's shapes (quoted titles, flow lists, `>-` summaries) are the common ones.
  EXPECT_GT(taken, files * 3 / 4) << taken << " of " << files;
}

TEST(FrontMatterFastTest, AgreesOnTheBenchCorpusAndTakesAllOfIt) {
  testing::TempDir tmp;
  const std::string content = tmp / "content";
  const testing::ShellResult made = testing::RunShell(
      "python3 -c \"import sys; sys.path.insert(0, '" + SourceDir() +
      "/bench/build'); import corpus; corpus.write_corpus('" + content + "', 300)\" 2>&1");
  ASSERT_EQ(made.status, 0) << made.output;
  auto [files, taken] = CompareTree(content);
  EXPECT_EQ(files, 300);
  EXPECT_EQ(taken, files);
}

constexpr char kBody[] = "---\n## Background\n\nText.\n";

struct Case {
  const char* name;
  const char* front_matter;  // between the '---' lines
  bool fast;                 // the fast reader must take it
  DocumentKind kind = DocumentKind::kBrief;
};

const char kPlain[] =
    "title: Learning from Child O\n"
    "date: 2024-03-05\n"
    "review_type: CSPR\n"
    "themes: [domestic-abuse, Coercive control]\n"
    "audience: [Social workers, GPs]\n"
    "summary: Who else lives in the house?\n"
    "review_by: 2026-03-05\n";

// A brief's front matter without its summary, and the rest of one after its title.
#define HEAD "title: T\ndate: 2024-03-05\nreview_type: CSPR\nthemes: [domestic-abuse]\n"
#define REST "date: 2024-03-05\nreview_type: CSPR\nthemes: [domestic-abuse]\nsummary: S\n"

const Case kCases[] = {
    {"plain", kPlain, true},
    {"corpus shape",
     "title: \"Child A0: record and plan\"\ndate: 2015-01-01\nreview_type: multi-agency audit\n"
     "themes: [clares-law, domestic-abuse]\naudience: [GPs, Police]\n"
     "summary: >-\n  chronology escalation supervision reflection.\n",
     true},
    {"folded summary of three lines",
     HEAD "summary: >-\n  One: two # three\n  'four' \"five\"\n  - six\nreview_by: 2026-01-31\n",
     true},
    {"folded, clip", HEAD "summary: >\n    Four spaces\n    in.\n", true},
    {"literal", HEAD "summary: |\n  One\n  two\n", true},
    {"literal, strip", HEAD "summary: |-\n  One\n  two\n", true},
    {"folded, keep", HEAD "summary: >+\n  One\n\n", false},
    {"folded, indentation indicator", HEAD "summary: >2-\n   One\n", false},
    {"folded, blank line inside", HEAD "summary: >-\n  One\n\n  two\n", false},
    {"folded, blank line after", HEAD "summary: >-\n  One\n\nreview_by: 2026-01-31\n", true},
    {"folded, more indented line", HEAD "summary: >-\n  One\n    two\n", false},
    {"folded, less indented line", HEAD "summary: >-\n    One\n  two\n", false},
    {"folded, trailing spaces", HEAD "summary: >-\n  One  \n  two\n", false},
    {"folded, empty", "title: T\n" REST "pseudonyms: >-\nreviewed: [x]\n", false},
    {"folded, comment after header", HEAD "summary: >- # note\n  One\n", false},
    {"bulletin", "title: B\ndate: 2024-03-05\nthemes: [domestic-abuse]\nsummary: S\n", true,
     DocumentKind::kBulletin},
    {"page", "title: About us\nsummary: Who we are.\nnav_order: 2\n", true, DocumentKind::kPage},
    {"page, title only", "title: About us\n", true, DocumentKind::kPage},
    {"page, nav_order 007", "title: About us\nnav_order: 007\n", true, DocumentKind::kPage},
    {"page, negative nav_order", "title: About us\nnav_order: -3\n", false, DocumentKind::kPage},
    {"page, nav_order quoted", "title: About us\nnav_order: \"4\"\n", true, DocumentKind::kPage},
    {"page, nav_order too big", "title: About us\nnav_order: 1234567890\n", false,
     DocumentKind::kPage},
    {"page, nav_order text", "title: About us\nnav_order: first\n", false, DocumentKind::kPage},
    {"page, date", "title: About us\ndate: 2024-01-01\n", false, DocumentKind::kPage},
    {"nav_order on a brief", "title: T\n" REST "nav_order: 1\n", false},
    {"every field",
     "title: T\n" REST "partnership: Hallowford Community Safety Partnership\n"
     "audience: [All practitioners]\nreview_by: 2027-10-31\nwithdrawn: true\n"
     "superseded_by: other-brief\ndraft: false\npseudonyms: [Child O, Mr X]\n"
     "reviewed: [Riverside Road]\n",
     true},
    {"draft true", "title: T\n" REST "draft: true\n", true},
    {"draft yes", "title: T\n" REST "draft: yes\n", false},
    {"draft True", "title: T\n" REST "draft: True\n", false},
    {"draft quoted", "title: T\n" REST "draft: \"true\"\n", true},
    {"withdrawn no", "title: T\n" REST "withdrawn: no\n", false},
    {"withdrawn empty", "title: T\n" REST "withdrawn:\n", false},
    {"title yes", "title: yes\n" REST, true},
    {"title a number", "title: 2024\n" REST, true},
    {"title a date", "title: 2024-03-05\n" REST, true},
    {"title a float", "title: 1.5e3\n" REST, true},
    {"title null", "title: null\n" REST, false},
    {"title Null", "title: Null\n" REST, false},
    {"title tilde", "title: ~\n" REST, false},
    {"title empty", "title:\n" REST, false},
    {"title spaces only", "title:   \n" REST, false},
    {"title quoted null", "title: \"null\"\n" REST, true},
    {"title quoted empty", "title: \"\"\n" REST, false},
    {"title quoted spaces", "title: \"  \"\n" REST, false},
    {"title quoted, spaces inside", "title: \"  Child O  \"\n" REST, true},
    {"title with colon", "title: Child O: a review\n" REST, false},
    {"title with colon, quoted", "title: \"Child O: a review\"\n" REST, true},
    {"title with colon, single quoted", "title: 'Child O: a review'\n" REST, true},
    {"title single quoted with ''", "title: 'Child O''s review'\n" REST, true},
    {"title with apostrophe", "title: Child O's review\n" REST, true},
    {"title with inner quotes", "title: The \"did not attend\" letter\n" REST, true},
    {"title with time", "title: Meeting at 10:30\n" REST, true},
    {"title ending in colon", "title: Lessons:\n" REST, false},
    {"title with hash", "title: Issue#3 and C#\n" REST, true},
    {"title with comment", "title: Child O # draft\n" REST, false},
    {"title with ampersand", "title: Health & care\n" REST, true},
    {"title with brackets", "title: Child O (2024) [draft] {x}, and more\n" REST, true},
    {"title with percent and at", "title: 50% of staff @ home\n" REST, true},
    {"title starting with percent", "title: %50 of staff\n" REST, false},
    {"title starting with dash", "title: -x\n" REST, false},
    {"title a list item", "title: - x\n" REST, false},
    {"title an anchor", "title: &a T\n" REST, false},
    {"title an alias", "title: *a\n" REST, false},
    {"title a tag", "title: !!str T\n" REST, false},
    {"title starting with backtick", "title: `x`\n" REST, false},
    {"title starting with at", "title: @x\n" REST, false},
    {"title a flow map", "title: {a: b}\n" REST, false},
    {"title a list", "title: [a, b]\n" REST, false},
    {"title with escape", "title: \"Child \\\"O\\\"\"\n" REST, false},
    {"title with backslash, single quoted", "title: 'C:\\x'\n" REST, true},
    {"title with backslash, plain", "title: C:\\x\n" REST, true},
    {"title quoted over two lines", "title: \"Child\n  O\"\n" REST, false},
    {"title plain over two lines", "title: Child\n  O\n" REST, false},
    {"title text after the quote", "title: \"Child\" O\n" REST, false},
    {"title unclosed quote", "title: \"Child O\n" REST, false},
    {"title unicode", "title: Café – “quotes” — naïve 日本 😀\n" REST, true},
    {"title with NEL",
     "title: a\xC2\x85"
     "b\n" REST,
     false},
    {"title with no-break space",
     "title: a\xC2\xA0"
     "b\n" REST,
     true},
    {"title with line separator",
     "title: a\xE2\x80\xA8"
     "b\n" REST,
     false},
    {"title with byte order mark",
     "title: a\xEF\xBB\xBF"
     "b\n" REST,
     false},
    {"title with tab", "title: a\tb\n" REST, false},
    {"title after tab", "title:\tT\n" REST, false},
    {"title with control character",
     "title: a\x04"
     "b\n" REST,
     false},
    {"title with DEL",
     "title: a\x7F"
     "b\n" REST,
     false},
    {"title with lone CR", "title: a\rb\n" REST, false},
    {"title with trailing spaces", "title: Child O   \n" REST, true},
    {"title with many spaces", "title:    Child    O\n" REST, true},
    {"title without space", "title:T\n" REST, false},
    {"key with space before colon", "title : T\n" REST, false},
    {"indented key", "  title: T\n" REST, false},
    {"indented keys",
     "  title: T\n  date: 2024-03-05\n  review_type: CSPR\n"
     "  themes: [domestic-abuse]\n  summary: S\n",
     false},
    {"upper-case key", "Title: T\n" REST, false},
    {"quoted key", "\"title\": T\n" REST, false},
    {"explicit key", "? title\n: T\n" REST, false},
    {"duplicate key", "title: T\ntitle: U\n" REST, false},
    {"unknown key", "title: T\n" REST "author: me\n", false},
    {"unknown key near", "title: T\n" REST "sumary: S\n", false},
    {"missing title", REST, false},
    {"missing summary", HEAD, false},
    {"missing themes", "title: T\ndate: 2024-03-05\nreview_type: CSPR\nsummary: S\n", false},
    {"missing date", "title: T\nreview_type: CSPR\nthemes: [domestic-abuse]\nsummary: S\n", false},
    {"missing review_type", "title: T\ndate: 2024-03-05\nthemes: [domestic-abuse]\nsummary: S\n",
     false},
    {"empty front matter", "", false},
    {"only comments", "# nothing\n", false},
    {"comments and blank lines",
     "# A comment\n\ntitle: T\n\n# another\ndate: 2024-03-05\nreview_type: CSPR\n\n"
     "themes: [domestic-abuse]\nsummary: S\n\n",
     true},
    {"indented comment", "title: T\n  # note\n" REST, false},
    {"comment without space", "#note\ntitle: T\n" REST, true},
    {"bad date",
     "title: T\ndate: 2024-02-30\nreview_type: CSPR\nthemes: [domestic-abuse]\n"
     "summary: S\n",
     false},
    {"date in words",
     "title: T\ndate: 5 March 2024\nreview_type: CSPR\n"
     "themes: [domestic-abuse]\nsummary: S\n",
     false},
    {"date quoted",
     "title: T\ndate: \"2024-03-05\"\nreview_type: CSPR\n"
     "themes: [domestic-abuse]\nsummary: S\n",
     true},
    {"date with time",
     "title: T\ndate: 2024-03-05 10:00\nreview_type: CSPR\n"
     "themes: [domestic-abuse]\nsummary: S\n",
     false},
    {"review_by bad", "title: T\n" REST "review_by: soon\n", false},
    {"themes by name",
     "title: T\ndate: 2024-03-05\nreview_type: CSPR\n"
     "themes: [Domestic abuse, Clare's Law]\nsummary: S\n",
     true},
    {"themes named twice",
     "title: T\ndate: 2024-03-05\nreview_type: CSPR\n"
     "themes: [domestic-abuse, Domestic abuse, coercive-control]\n"
     "summary: S\n",
     true},
    {"themes, one scalar",
     "title: T\ndate: 2024-03-05\nreview_type: CSPR\n"
     "themes: domestic-abuse\nsummary: S\n",
     true},
    {"themes, one name with apostrophe",
     "title: T\ndate: 2024-03-05\nreview_type: CSPR\n"
     "themes: Clare's Law\nsummary: S\n",
     true},
    {"themes unknown",
     "title: T\ndate: 2024-03-05\nreview_type: CSPR\n"
     "themes: [domestic-abus]\nsummary: S\n",
     false},
    {"themes empty", "title: T\ndate: 2024-03-05\nreview_type: CSPR\nthemes: []\nsummary: S\n",
     false},
    {"themes, spaces in flow",
     "title: T\ndate: 2024-03-05\nreview_type: CSPR\n"
     "themes: [  domestic-abuse ,coercive-control  ]   \nsummary: S\n",
     true},
    {"themes, trailing comma",
     "title: T\ndate: 2024-03-05\nreview_type: CSPR\n"
     "themes: [domestic-abuse, ]\nsummary: S\n",
     false},
    {"themes, empty item",
     "title: T\ndate: 2024-03-05\nreview_type: CSPR\n"
     "themes: [domestic-abuse, , coercive-control]\nsummary: S\n",
     false},
    {"themes, block list",
     "title: T\ndate: 2024-03-05\nreview_type: CSPR\nthemes:\n  - domestic-abuse\n"
     "  - Coercive control\nsummary: S\n",
     true},
    {"themes, block list at column 0",
     "title: T\ndate: 2024-03-05\nreview_type: CSPR\nthemes:\n- domestic-abuse\n"
     "- coercive-control\nsummary: S\n",
     true},
    {"themes, block list uneven",
     "title: T\ndate: 2024-03-05\nreview_type: CSPR\nthemes:\n  - domestic-abuse\n"
     " - coercive-control\nsummary: S\n",
     false},
    {"themes, block list with a blank line",
     "title: T\ndate: 2024-03-05\nreview_type: CSPR\nthemes:\n  - domestic-abuse\n\n"
     "  - coercive-control\nsummary: S\n",
     false},
    {"themes, block list with a comment",
     "title: T\ndate: 2024-03-05\nreview_type: CSPR\nthemes:\n  # first\n  - domestic-abuse\n"
     "summary: S\n",
     false},
    {"themes, block list item empty",
     "title: T\ndate: 2024-03-05\nreview_type: CSPR\nthemes:\n  -\nsummary: S\n", false},
    {"themes, nested block list",
     "title: T\ndate: 2024-03-05\nreview_type: CSPR\nthemes:\n  - - domestic-abuse\n"
     "summary: S\n",
     false},
    {"audience, quoted block items",
     "title: T\n" REST "audience:\n  - \"GPs: practice staff\"\n  - 'School nurses'\n", true},
    {"audience, block items with trailing spaces", "title: T\n" REST "audience:\n  - GPs   \n",
     true},
    {"audience, block item a map", "title: T\n" REST "audience:\n  - GPs: all\n", false},
    {"audience empty list", "title: T\n" REST "audience: []\n", true},
    {"audience, list with spaces", "title: T\n" REST "audience: [ ]\n", true},
    {"audience, quoted flow items", "title: T\n" REST "audience: [\"GPs\", 'Police']\n", false},
    {"audience, nested flow", "title: T\n" REST "audience: [[GPs], Police]\n", false},
    {"audience, flow item with colon", "title: T\n" REST "audience: [GPs:all, Police]\n", false},
    {"audience, flow item with question", "title: T\n" REST "audience: [Who?, Police]\n", false},
    {"audience, flow item null", "title: T\n" REST "audience: [GPs, ~]\n", false},
    {"audience, flow item with hash", "title: T\n" REST "audience: [GPs #1]\n", false},
    {"audience, flow with text after", "title: T\n" REST "audience: [GPs] x\n", false},
    {"audience, flow over lines", "title: T\n" REST "audience: [GPs,\n  Police]\n", false},
    {"audience, flow item with inner dash",
     "title: T\n" REST "audience: [Early-years staff, A - B]\n", true},
    {"audience a map", "title: T\n" REST "audience:\n  gps: yes\n", false},
    {"pseudonyms, one", "title: T\n" REST "pseudonyms: Child O\n", true},
    {"reviewed, flow", "title: T\n" REST "reviewed: [Riverside Road, St Mary's]\n", true},
    {"audience, inner quotes in flow",
     "title: T\n" REST "audience: [Children's services, The \"front door\" team]\n", true},
    {"document end marker", "title: T\n" REST "...\n", true},
    {"directive", "%YAML 1.2\ntitle: T\n" REST, false},
};

#undef HEAD
#undef REST

// The front matter as a whole file with '\r\n' line ends (and a byte order mark).
std::string Windows(const std::string& text, bool bom) {
  std::string out = bom ? "\xEF\xBB\xBF" : "";
  for (char c : text) {
    if (c == '\n') out += '\r';
    out += c;
  }
  return out;
}

TEST(FrontMatterFastTest, AgreesOnTrickyCasesAndTakesTheCommonOnes) {
  const SiteConfig site = TestSite();
  for (const Case& c : kCases) {
    const std::string text = std::string("---\n") + c.front_matter + kBody;
    EXPECT_EQ(ExpectSameReading(text, c.kind, site, c.name), c.fast) << c.name;
    EXPECT_EQ(ExpectSameReading(Windows(text, false), c.kind, site, c.name), c.fast)
        << c.name << " (CRLF)";
    EXPECT_EQ(ExpectSameReading(Windows(text, true), c.kind, site, c.name), c.fast)
        << c.name << " (BOM, CRLF)";
    EXPECT_EQ(ExpectSameReading("\xEF\xBB\xBF" + text, c.kind, site, c.name), c.fast)
        << c.name << " (BOM)";
  }
}

// Front matter made at random from pieces YAML gives meaning to, and from plain words.
class RandomFrontMatter {
 public:
  explicit RandomFrontMatter(unsigned seed) : rng_(seed) {}

  std::string Make() {
    static const char* const kKeys[] = {"title",     "date",       "review_type", "themes",
                                        "summary",   "audience",   "draft",       "withdrawn",
                                        "review_by", "pseudonyms", "partnership", "superseded_by"};
    std::string out = "title: T\n";
    out += "date: 2024-03-05\nreview_type: CSPR\nthemes: [domestic-abuse]\nsummary: S\n";
    // Replace or add one to three fields, now and then with a blank or comment line.
    for (int n = Pick(3) + 1; n > 0; --n) {
      const std::string key = kKeys[Pick(std::size(kKeys))];
      const size_t at = out.find(key + ":");
      if (at != std::string::npos) out.erase(at, out.find('\n', at) - at + 1);
      if (Pick(6) == 0) out += Pick(2) ? "\n" : "# note\n";
      out += key + ":" + Value() + "\n";
    }
    return out;
  }

 private:
  size_t Pick(size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng_); }

  std::string Text() {
    static const char* const kPlain[] = {"a",
                                         "Child O",
                                         "domestic-abuse",
                                         "Domestic abuse",
                                         "2024-03-05",
                                         "true",
                                         "false",
                                         "7",
                                         "é",
                                         "'s",
                                         " "};
    static const char* const kTricky[] = {
        ":", ": ", "#",  " #",   "'",  "\"",       "''",       ",",   "[",   "]", "{",
        "}", "-",  "- ", "?",    "&",  "*",        "!",        "|",   ">",   "%", "@",
        "`", "\\", "~",  "null", "\t", "\xC2\xA0", "\xC2\x85", "...", "yes", "  "};
    std::string out;
    for (int n = Pick(4) + 1; n > 0; --n) {
      out += Pick(3) ? kPlain[Pick(std::size(kPlain))] : kTricky[Pick(std::size(kTricky))];
    }
    return out;
  }

  std::string Item() { return "\n" + std::string(Pick(3), ' ') + "- " + Text(); }

  std::string Value() {
    switch (Pick(7)) {
      case 0:
        return " \"" + Text() + "\"";
      case 1:
        return " '" + Text() + "'";
      case 2:
        return " [" + Text() + ", " + Text() + "]";
      case 3:
        return Item() + (Pick(2) ? Item() : "");
      case 4:
        return std::string(Pick(2) ? " >-\n" : " |\n") + std::string(Pick(3), ' ') + Text() +
               "\n  " + Text();
      default:
        return " " + Text() + (Pick(4) ? "" : " ");
    }
  }

  std::mt19937 rng_;
};

TEST(FrontMatterFastTest, AgreesOnRandomFrontMatter) {
  const SiteConfig site = TestSite();
  RandomFrontMatter random(20260601);
  int taken = 0;
  constexpr int kCount = 3000;
  for (int i = 0; i < kCount; ++i) {
    const std::string front = random.Make();
    taken += ExpectSameReading("---\n" + front + kBody, DocumentKind::kBrief, site, front);
  }
  // Enough of them are plain for the comparison to mean something.
  EXPECT_GT(taken, kCount / 20);
}

TEST(FrontMatterFastTest, KeepsFileLines) {
  Document doc;
  doc.path = "input.md";
  Diagnostics diags;
  ASSERT_TRUE(
      ParseDocument(std::string("---\n# note\n\n") + kPlain + kBody, TestSite(), &diags, &doc));
  EXPECT_EQ(doc.FieldLine("title"), 4);
  EXPECT_EQ(doc.FieldLine("review_by"), 10);
  EXPECT_EQ(doc.body_line, 12);
  EXPECT_EQ(doc.path, "input.md");
  EXPECT_EQ(doc.body, "## Background\n\nText.\n");
}

}  // namespace
}  // namespace bulletin
