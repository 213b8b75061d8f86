#include "quiz/quiz_view.h"

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

json QuizPageContext(const Quiz& quiz, const SiteConfig& site, const QuizFormState* state) {
  const bool self_check = quiz.grading == Grading::kSelfCheck;
  json ctx = QuizCard(quiz);
  ctx["version"] = quiz.version;
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
  for (const QuizQuestion& q : quiz.questions) {
    ++number;
    std::set<std::string> chosen;
    if (state) {
      auto it = state->answers.find(q.id);
      if (it != state->answers.end()) chosen = it->second;
    }
    json options = json::array();
    for (const QuizOption& o : q.options) {
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
                     {"first_input_id", q.id + "-a"},
                     {"options", options},
                     {"error", ErrorFor(state, q.id)}};
    if (self_check) {
      question["explain_html"] = q.explain_html;
      question["correct_text"] = CorrectText(q);
    }
    questions.push_back(std::move(question));
  }
  ctx["questions"] = questions;

  json errors = json::array();
  if (state) {
    for (const auto& [field, message] : state->errors) {
      std::string href = "#" + field;
      if (const QuizQuestion* q = quiz.FindQuestion(field)) href = "#" + q->id + "-a";
      errors.push_back({{"href", href}, {"message", message}});
    }
  }
  ctx["errors"] = errors;
  ctx["has_errors"] = !errors.empty();
  return ctx;
}

json QuizResultContext(const Quiz& quiz, const GradeResult& result) {
  json ctx = QuizCard(quiz);
  ctx["score"] = std::to_string(result.score);
  ctx["correct"] = std::to_string(result.correct);
  ctx["total"] = std::to_string(result.total);
  ctx["pass_mark"] = std::to_string(quiz.pass_mark);
  ctx["passed"] = result.passed;
  json questions = json::array();
  int number = 0;
  for (const QuestionResult& r : result.questions) {
    ++number;
    const QuizQuestion& q = *r.question;
    json options = json::array();
    for (const QuizOption& o : q.options) {
      options.push_back(
          {{"html", o.html}, {"chosen", r.chosen.count(o.id) > 0}, {"correct", o.correct}});
    }
    questions.push_back({{"number", std::to_string(number)},
                         {"html", q.html},
                         {"right", r.correct},
                         {"options", options},
                         {"correct_text", CorrectText(q)},
                         {"explain_html", q.explain_html}});
  }
  ctx["questions"] = questions;
  return ctx;
}

}  // namespace bulletin
