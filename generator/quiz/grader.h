#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "quiz/paper.h"
#include "quiz/quiz.h"

namespace bulletin {

/// The options chosen per question id. Questions left out count as unanswered.
using Answers = std::map<std::string, std::set<std::string>>;

struct QuestionResult {
  const QuizQuestion* question = nullptr;
  std::set<std::string> chosen;
  bool correct = false;
};

struct GradeResult {
  std::vector<QuestionResult> questions;  ///< in the paper's order
  int correct = 0;
  int total = 0;
  int score = 0;  ///< percent, rounded down
  bool passed = false;
};

/// Grades `answers` against `quiz`: a question is right when exactly its correct options
/// were chosen (all of them, for select-all-that-apply). Passed when score >= pass_mark.
/// Option ids that are not the question's must be rejected before (see ValidateAnswers).
GradeResult Grade(const Quiz& quiz, const Answers& answers);

/// Grades only the questions of `paper` (drawn from `quiz`), in its order: the score is
/// out of the questions asked. A paper question the quiz lacks counts as wrong.
GradeResult Grade(const Quiz& quiz, const Paper& paper, const Answers& answers);

/// Returns "" if every question id and option id is the quiz's, and a single-choice
/// question has at most one option; otherwise a message naming the first problem.
std::string ValidateAnswers(const Quiz& quiz, const Answers& answers);

/// As above, and every question answered must be on `paper`.
std::string ValidateAnswers(const Quiz& quiz, const Paper& paper, const Answers& answers);

}  // namespace bulletin
