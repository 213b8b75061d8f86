#include "quiz/grader.h"

#include <algorithm>

namespace bulletin {

namespace {

QuestionResult GradeQuestion(const QuizQuestion& q, const Answers& answers) {
  QuestionResult r;
  r.question = &q;
  auto it = answers.find(q.id);
  if (it != answers.end()) r.chosen = it->second;
  std::set<std::string> right;
  for (const QuizOption& o : q.options) {
    if (o.correct) right.insert(o.id);
  }
  r.correct = r.chosen == right;
  return r;
}

void Total(const Quiz& quiz, GradeResult* result) {
  result->total = static_cast<int>(result->questions.size());
  for (const QuestionResult& r : result->questions) result->correct += r.correct;
  result->score = result->total == 0 ? 0 : result->correct * 100 / result->total;
  result->passed = result->total > 0 && result->score >= quiz.pass_mark;
}

}  // namespace

GradeResult Grade(const Quiz& quiz, const Answers& answers) {
  GradeResult result;
  for (const QuizQuestion& q : quiz.questions)
    result.questions.push_back(GradeQuestion(q, answers));
  Total(quiz, &result);
  return result;
}

GradeResult Grade(const Quiz& quiz, const Paper& paper, const Answers& answers) {
  GradeResult result;
  for (const PaperQuestion& pq : paper.questions) {
    const QuizQuestion* q = quiz.FindQuestion(pq.id);
    if (q) {
      result.questions.push_back(GradeQuestion(*q, answers));
    } else {
      result.questions.push_back({});
    }
  }
  Total(quiz, &result);
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

std::string ValidateAnswers(const Quiz& quiz, const Paper& paper, const Answers& answers) {
  for (const auto& [qid, chosen] : answers) {
    if (!paper.Find(qid)) return "question '" + qid + "' is not on this paper";
  }
  return ValidateAnswers(quiz, answers);
}

}  // namespace bulletin
