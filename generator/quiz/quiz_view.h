#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "content/site_config.h"
#include "quiz/grader.h"
#include "quiz/quiz.h"

namespace bulletin {

/// What a practitioner sent, for showing the form again with their values and errors.
struct QuizFormState {
  std::map<std::string, std::string> fields;  ///< name, email, organisation, team
  Answers answers;
  /// (field id, message): "name", "email", "organisation", "team" or a question id.
  std::vector<std::pair<std::string, std::string>> errors;
};

/// The mustache context of a quiz page (pages/quiz.mustache). For server-graded quizzes
/// it holds neither which options are correct nor the feedback; self-check quizzes carry
/// both for the page to reveal. `state` (may be null) fills in values and errors.
nlohmann::json QuizPageContext(const Quiz& quiz, const SiteConfig& site,
                               const QuizFormState* state);

/// A card for the quiz list: id, title, url, summary, minutes, questions, grading.
nlohmann::json QuizCard(const Quiz& quiz);

/// The context of a result page: per question right or wrong with feedback, the score.
nlohmann::json QuizResultContext(const Quiz& quiz, const GradeResult& result);

}  // namespace bulletin
