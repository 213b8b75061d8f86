#include "sitegen/quiz_pages.h"

#include "quiz/quiz_view.h"

namespace bulletin {

using nlohmann::json;

void WriteQuizPages(PageWriter* w) {
  const SiteModel& model = w->model();
  json cards = json::array();
  for (const Quiz& q : model.quizzes) cards.push_back(QuizCard(q));
  w->Write("/quizzes/", "quizzes", {{"quizzes", cards}, {"has_quizzes", !cards.empty()}}, "Quizzes",
           {{"Home", "/"}});
  for (const Quiz& q : model.quizzes) {
    json ctx = QuizPageContext(q, model.site(), nullptr);
    ctx["page_description"] = q.summary.empty() ? q.title : q.summary;
    w->Write(q.Url(), "quiz", std::move(ctx), q.title, {{"Home", "/"}, {"Quizzes", "/quizzes/"}});
  }
}

}  // namespace bulletin
