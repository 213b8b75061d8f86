#include "content/scaffold.h"

#include <algorithm>

#include "core/text.h"

namespace bulletin {

namespace {

// Quotes a YAML scalar so titles with ':' or '#' stay valid.
std::string Quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

// Marks the starter themes line: the site's first theme stands in until the writer chooses.
constexpr const char* kThemeMarker = "# placeholder: choose the themes";

// Every sentence of starter text ScaffoldText writes.
constexpr const char* kPlaceholders[] = {
    "What this page is for, in one sentence.",
    "Write the page here.",
    "Describe the situation the questions are about.",
    "Write the first question here",
    "The correct option",
    "A wrong option",
    "Another wrong option",
    "Say why the correct option is right.",
    "One or two sentences on what practitioners should take away.",
    "What happened, in a few anonymised sentences.",
    "The one message every practitioner should remember.",
    "A question for your team to discuss.",
    kThemeMarker,
};

}  // namespace

void WarnScaffoldPlaceholders(std::string_view text, const std::string& path, Diagnostics* diags) {
  for (const char* placeholder : kPlaceholders) {
    size_t at = text.find(placeholder);
    if (at == std::string_view::npos) continue;
    int line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + at, '\n'));
    size_t line_start = text.rfind('\n', at);
    int column =
        static_cast<int>(at - (line_start == std::string_view::npos ? 0 : line_start + 1)) + 1;
    if (std::string_view(placeholder) == kThemeMarker) {
      diags->Warning(path, line, column,
                     "the themes are still the starter file's placeholder: choose this file's "
                     "themes and delete the '# placeholder' comment");
    } else {
      diags->Warning(path, line, column,
                     std::string("starter text '") + placeholder +
                         "' is still here: replace it before publishing, or set 'draft: true'");
    }
  }
}

const char* ScaffoldFolder(ScaffoldKind kind) {
  switch (kind) {
    case ScaffoldKind::kBrief:
      return "briefs";
    case ScaffoldKind::kBulletin:
      return "bulletins";
    case ScaffoldKind::kQuiz:
      return "quizzes";
    case ScaffoldKind::kPage:
      return "pages";
  }
  return "";
}

std::string ScaffoldText(ScaffoldKind kind, const std::string& title, const Date& today,
                         const std::string& first_theme) {
  std::string t = Quoted(title);
  switch (kind) {
    case ScaffoldKind::kPage:
      return "---\ntitle: " + t +
             "\nsummary: \"What this page is for, in one sentence.\"\ndraft: true\n---\n\n"
             "Write the page here.\n";
    case ScaffoldKind::kQuiz:
      return "---\nid: " + Slugify(title) + "\ntitle: " + t +
             "\npass_mark: 80\nrefresh_months: 12\ngrading: server\nthemes: [" + first_theme +
             "]  " + kThemeMarker +
             "\nrelated: []\nminutes: 10\ndraft: true\n---\n\n"
             "> [!SCENARIO]\n> Describe the situation the questions are about.\n\n"
             "## Write the first question here\n\n"
             "- [x] The correct option\n- [ ] A wrong option\n- [ ] Another wrong option\n\n"
             "> [!EXPLAIN]\n> Say why the correct option is right.\n";
    case ScaffoldKind::kBrief:
    case ScaffoldKind::kBulletin: {
      // A bulletin is not a review, so it has no review_type.
      std::string out =
          "---\ntitle: " + t + "\ndate: " + today.ToIso() +
          (kind == ScaffoldKind::kBrief ? "\nreview_type: CSPR" : "") + "\nthemes: [" +
          first_theme + "]  " + kThemeMarker +
          "\naudience: [All practitioners]\n"
          "summary: \"One or two sentences on what practitioners should take away.\"\n"
          "review_by: " +
          today.AddMonths(24).ToIso() + "\ndraft: true\n---\n\n";
      out +=
          "## Background\n\nWhat happened, in a few anonymised sentences.\n\n"
          "## What we learned\n\n"
          "> [!KEY]\n> The one message every practitioner should remember.\n\n"
          "> [!THINK]\n> A question for your team to discuss.\n";
      return out;
    }
  }
  return "";
}

}  // namespace bulletin
