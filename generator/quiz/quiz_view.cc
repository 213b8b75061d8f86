#include "quiz/quiz_view.h"

#include <algorithm>

namespace bulletin {

using nlohmann::json;

namespace {

std::string Field(const QuizFormState* state, const std::string& name) {
  if (!state) return "";
  auto it = state->fields.find(name);
  return it == state->fields.end() ? "" : it->second;
}

std::string ErrorFor(const QuizFormState* state, const std::string& field) {
  if (!state) return "";
  for (const auto& [id, message] : state->errors) {
    if (id == field) return message;
  }
  return "";
}

std::string CorrectText(const QuizQuestion& q) {
  std::string out;
  for (const QuizOption& o : q.options) {
    if (!o.correct) continue;
    if (!out.empty()) out += "; ";
    out += o.text;
  }
  return out;
}

}  // namespace

json QuizCard(const Quiz& quiz) {
  return {{"id", quiz.id},
          {"title", quiz.title},
          {"url", quiz.Url()},
          {"summary", quiz.summary},
          {"minutes", std::to_string(quiz.minutes)},
          {"questions", std::to_string(quiz.questions.size())},
          {"server_graded", quiz.grading == Grading::kServer},
          {"self_check", quiz.grading == Grading::kSelfCheck}};
}

json QuizPageContext(const Quiz& quiz, const SiteConfig& site, const QuizFormState* state,
                     const Paper* paper, const std::string& token) {
  const bool self_check = quiz.grading == Grading::kSelfCheck;
  Paper fixed;
  if (!paper) {
    fixed = FixedPaper(quiz);
    paper = &fixed;
  }
  json ctx = QuizCard(quiz);
  ctx["version"] = quiz.version;
  ctx["paper"] = token;
  ctx["has_paper"] = !token.empty();
  ctx["action"] = "/quizzes/" + quiz.id + "/submit";
  ctx["pass_mark"] = std::to_string(quiz.pass_mark);
  ctx["refresh_months"] = std::to_string(quiz.refresh_months);
  ctx["scenario_html"] = quiz.scenario_html;
  ctx["intro_html"] = quiz.intro_html;

  json orgs = json::array();
  const std::string chosen_org = Field(state, "organisation");
  for (const Organisation& o : site.organisations) {
    orgs.push_back({{"id", o.id}, {"name", o.name}, {"selected", o.id == chosen_org}});
  }
  ctx["organisations"] = orgs;
  ctx["has_organisations"] = !orgs.empty();
  json fields = json::object();
  for (const char* name : {"name", "email", "organisation", "team"}) {
    fields[name] = {{"value", Field(state, name)}, {"error", ErrorFor(state, name)}};
  }
  ctx["fields"] = fields;

  json questions = json::array();
  int number = 0;
  for (const PaperQuestion& pq : paper->questions) {
    const QuizQuestion* found = quiz.FindQuestion(pq.id);
    if (!found) continue;
    const QuizQuestion& q = *found;
    ++number;
    std::set<std::string> chosen;
    if (state) {
      auto it = state->answers.find(q.id);
      if (it != state->answers.end()) chosen = it->second;
    }
    json options = json::array();
    for (const std::string& oid : pq.order) {
      auto it = std::find_if(q.options.begin(), q.options.end(),
                             [&](const QuizOption& o) { return o.id == oid; });
      if (it == q.options.end()) continue;
      const QuizOption& o = *it;
      json opt = {{"id", o.id},
                  {"qid", q.id},
                  {"html", o.html},
                  {"input_id", q.id + "-" + o.id},
                  {"checked", chosen.count(o.id) > 0}};
      if (self_check) opt["correct"] = o.correct;
      options.push_back(std::move(opt));
    }
    json question = {{"id", q.id},
                     {"number", std::to_string(number)},
                     {"html", q.html},
                     {"detail_html", q.detail_html},
                     {"multiple", q.multiple},
                     {"multiple_hint", q.multiple && q.text.find("elect all") == std::string::npos},
                     {"input_type", q.multiple ? "checkbox" : "radio"},
                     {"first_input_id", q.id + "-" + (pq.order.empty() ? "a" : pq.order.front())},
                     {"options", options},
                     {"error", ErrorFor(state, q.id)}};
    if (self_check) {
      question["explain_html"] = q.explain_html;
      question["correct_text"] = CorrectText(q);
    }
    questions.push_back(std::move(question));
  }
  ctx["questions"] = questions;
  if (quiz.AskCount() < static_cast<int>(quiz.questions.size()) && !self_check) {
    ctx["pool_note"] = "Each attempt asks " + std::to_string(quiz.AskCount()) + " of the quiz's " +
                       std::to_string(quiz.questions.size()) + " questions.";
  }

  json errors = json::array();
  if (state) {
    for (const auto& [field, message] : state->errors) {
      std::string href = "#" + field;
      if (const PaperQuestion* pq = paper->Find(field)) {
        href = "#" + pq->id + "-" + (pq->order.empty() ? "a" : pq->order.front());
      }
      errors.push_back({{"href", href}, {"message", message}});
    }
  }
  ctx["errors"] = errors;
  ctx["has_errors"] = !errors.empty();
  return ctx;
}

ReviewLevel ReviewFor(const Quiz& quiz, const SiteConfig& site, bool passed) {
  if (passed) return quiz.review_after_pass.value_or(site.quiz_defaults.review_after_pass);
  return quiz.review_after_fail.value_or(site.quiz_defaults.review_after_fail);
}

json QuizResultContext(const Quiz& quiz, const GradeResult& result, ReviewLevel level) {
  json ctx = QuizCard(quiz);
  ctx["score"] = std::to_string(result.score);
  ctx["correct"] = std::to_string(result.correct);
  ctx["total"] = std::to_string(result.total);
  ctx["wrong_count"] = std::to_string(result.total - result.correct);
  ctx["pass_mark"] = std::to_string(quiz.pass_mark);
  ctx["passed"] = result.passed;
  const bool which = level >= ReviewLevel::kWhich;
  const bool feedback = level >= ReviewLevel::kFeedback;
  const bool answers = level == ReviewLevel::kAnswers;
  ctx["review_which"] = which;
  ctx["review_feedback"] = feedback;
  ctx["review_answers"] = answers;
  json questions = json::array();
  int number = 0;
  for (const QuestionResult& r : result.questions) {
    ++number;
    if (!r.question || !which) continue;
    const QuizQuestion& q = *r.question;
    json question = {{"number", std::to_string(number)},
                     {"html", q.html},
                     {"right", r.correct},
                     {"see_url", q.see_url}};
    if (feedback) {
      json chosen = json::array();
      for (const QuizOption& o : q.options) {
        if (r.chosen.count(o.id)) chosen.push_back({{"html", o.html}});
      }
      question["chosen"] = chosen;
      question["explain_html"] = q.explain_html;
    }
    if (answers) question["correct_text"] = CorrectText(q);
    questions.push_back(std::move(question));
  }
  ctx["questions"] = questions;
  json related = json::array();
  for (const auto& [title, url] : quiz.related_links) {
    related.push_back({{"title", title}, {"url", url}});
  }
  ctx["related"] = related;
  ctx["has_related"] = !related.empty();
  return ctx;
}

}  // namespace bulletin
