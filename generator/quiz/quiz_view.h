#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "content/site_config.h"
#include "quiz/grader.h"
#include "quiz/paper.h"
#include "quiz/quiz.h"

namespace bulletin {

/// What a practitioner sent, for showing the form again with their values and errors.
struct QuizFormState {
  std::map<std::string, std::string> fields;  ///< name, email, organisation, team
  Answers answers;
  /// (field id, message): "name", "email", "organisation", "team" or a question id.
  std::vector<std::pair<std::string, std::string>> errors;
};

/// The mustache context of a quiz page (pages/quiz.mustache, its form partials/quiz_form).
/// For server-graded quizzes it holds neither which options are correct nor the feedback;
/// self-check quizzes carry both for the page to reveal. `state` (may be null) fills in
/// values and errors. `paper` (null: FixedPaper) chooses and orders the questions and
/// options; `token` is its sealed form for the hidden field (empty on a built page).
nlohmann::json QuizPageContext(const Quiz& quiz, const SiteConfig& site, const QuizFormState* state,
                               const Paper* paper = nullptr, const std::string& token = "");

/// A card for the quiz list: id, title, url, summary, minutes, questions, grading.
nlohmann::json QuizCard(const Quiz& quiz);

/// The review level a result shows: the quiz's own, else site.yaml's default.
ReviewLevel ReviewFor(const Quiz& quiz, const SiteConfig& site, bool passed);

/// The context of a result page at `level` (see ReviewLevel): the score always; from
/// kWhich each question's verdict and where to read about it; from kFeedback what was
/// chosen and the explanation; at kAnswers the right answers. Below kAnswers it holds no
/// correct option's text. Also the quiz's related briefs.
nlohmann::json QuizResultContext(const Quiz& quiz, const GradeResult& result, ReviewLevel level);

}  // namespace bulletin
