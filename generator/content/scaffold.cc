#include "content/scaffold.h"

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

}  // namespace

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
             "\nsummary: \"What this page is for, in one sentence.\"\n---\n\n"
             "Write the page here.\n";
    case ScaffoldKind::kQuiz:
      return "---\nid: " + Slugify(title) + "\ntitle: " + t +
             "\npass_mark: 80\nrefresh_months: 12\ngrading: server\nthemes: [" + first_theme +
             "]\nrelated: []\nminutes: 10\n---\n\n"
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
          first_theme +
          "]\naudience: [All practitioners]\n"
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
