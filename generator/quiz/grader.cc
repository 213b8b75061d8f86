#include "quiz/grader.h"

#include <algorithm>

namespace bulletin {

GradeResult Grade(const Quiz& quiz, const Answers& answers) {
  GradeResult result;
  for (const QuizQuestion& q : quiz.questions) {
    QuestionResult r;
    r.question = &q;
    auto it = answers.find(q.id);
    if (it != answers.end()) r.chosen = it->second;
    std::set<std::string> right;
    for (const QuizOption& o : q.options) {
      if (o.correct) right.insert(o.id);
    }
    r.correct = r.chosen == right;
    result.correct += r.correct;
    result.questions.push_back(std::move(r));
  }
  result.total = static_cast<int>(quiz.questions.size());
  result.score = result.total == 0 ? 0 : result.correct * 100 / result.total;
  result.passed = result.total > 0 && result.score >= quiz.pass_mark;
  return result;
}

std::string ValidateAnswers(const Quiz& quiz, const Answers& answers) {
  for (const auto& [qid, chosen] : answers) {
    const QuizQuestion* q = quiz.FindQuestion(qid);
    if (!q) return "unknown question '" + qid + "'";
    for (const std::string& oid : chosen) {
      bool known = std::any_of(q->options.begin(), q->options.end(),
                               [&](const QuizOption& o) { return o.id == oid; });
      if (!known) return "unknown option '" + oid + "' for question '" + qid + "'";
    }
    if (!q->multiple && chosen.size() > 1) {
      return "question '" + qid + "' takes one answer";
    }
  }
  return "";
}

}  // namespace bulletin
