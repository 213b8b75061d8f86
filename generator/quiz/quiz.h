#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "content/site_config.h"  // ReviewLevel

namespace bulletin {

enum class Grading { kServer, kSelfCheck };

/// One answer a practitioner may choose.
struct QuizOption {
  std::string id;    ///< stable within its question: "a", "b", ...
  std::string html;  ///< label, inline HTML (sanitised)
  std::string text;  ///< label as plain text
  bool correct = false;
  bool pinned = false;  ///< `{last}`: stays last when the options are shuffled
};

struct QuizQuestion {
  std::string id;           ///< "q1", "q2", ... in order
  std::string html;         ///< the question (heading text), inline HTML
  std::string text;         ///< the question as plain text
  std::string detail_html;  ///< any paragraphs between the heading and the options
  bool multiple = false;    ///< select all that apply (more than one correct option)
  std::vector<QuizOption> options;
  std::string explain_html;  ///< `> [!EXPLAIN]` feedback, shown once answered
  int line = 0;              ///< file line of the `##` heading
  std::string group;         ///< `{group=name}` on the heading: pools draw from each group
  std::string see;           ///< `{see=slug#section}`: where the learning is, as written
  std::string see_url;       ///< `see` as a site URL, or the first related brief's; may be ""
};

/// A quiz file from content/quizzes/.
struct Quiz {
  std::string path;
  std::string id;  ///< front matter `id`; equals the file name without .md
  std::string title;
  std::string summary;  ///< optional one-line description for the quiz list
  int pass_mark = 80;   ///< percent, 1-100
  int refresh_months = 12;
  Grading grading = Grading::kServer;
  std::vector<std::string> themes;
  std::vector<std::string> related;  ///< brief/bulletin slugs
  int related_line = 1;
  int minutes = 10;
  bool draft = false;
  std::string intro_html;     ///< anything before the first question that is not the scenario
  std::string scenario_html;  ///< `> [!SCENARIO]` content, or empty
  std::vector<QuizQuestion> questions;
  /// Each attempt's paper: `ask` questions drawn from the pool (0: all), spread evenly
  /// over the groups when `ask_by_group`; options shuffled unless `shuffle_options` is
  /// false (pinned ones stay last); questions shuffled when `shuffle_questions`.
  int ask = 0;
  int ask_line = 1;  ///< where `ask` is, for diagnostics
  bool ask_by_group = false;
  bool shuffle_options = true;
  bool shuffle_questions = false;
  /// Front matter `review:`; unset: site.yaml's `quizzes:` default.
  std::optional<ReviewLevel> review_after_fail;
  std::optional<ReviewLevel> review_after_pass;
  /// (title, url) of each `related` brief or bulletin, filled by LoadQuizzes.
  std::vector<std::pair<std::string, std::string>> related_links;
  /// Derived from the questions, options and correct answers: a changed quiz is a new
  /// version, so old forms cannot be graded against new answers.
  std::string version;

  std::string Url() const { return "/quizzes/" + id + "/"; }
  /// How many questions each attempt asks.
  int AskCount() const {
    return ask > 0 && ask < static_cast<int>(questions.size()) ? ask
                                                               : static_cast<int>(questions.size());
  }
  const QuizQuestion* FindQuestion(const std::string& qid) const;
};

/// The version string of a quiz: a hash (hex, 16 characters) of everything that grading
/// depends on.
std::string QuizVersion(const Quiz& quiz);

}  // namespace bulletin
