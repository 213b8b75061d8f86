#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

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
  std::vector<QuestionResult> questions;  ///< in quiz order
  int correct = 0;
  int total = 0;
  int score = 0;  ///< percent, rounded down
  bool passed = false;
};

/// Grades `answers` against `quiz`: a question is right when exactly its correct options
/// were chosen (all of them, for select-all-that-apply). Passed when score >= pass_mark.
/// Option ids that are not the question's must be rejected before (see ValidateAnswers).
GradeResult Grade(const Quiz& quiz, const Answers& answers);

/// Returns "" if every question id and option id is the quiz's, and a single-choice
/// question has at most one option; otherwise a message naming the first problem.
std::string ValidateAnswers(const Quiz& quiz, const Answers& answers);

}  // namespace bulletin
