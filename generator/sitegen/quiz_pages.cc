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
    json related = json::array();
    for (const std::string& slug : q.related) {
      if (const PublishedDocument* p = model.Find(slug)) {
        related.push_back({{"title", p->doc->title},
                           {"url", p->doc->Url()},
                           {"kind_label", KindLabel(p->doc->kind)}});
      }
    }
    ctx["has_related_briefs"] = !related.empty();
    ctx["related_briefs"] = std::move(related);
    w->Write(q.Url(), "quiz", std::move(ctx), q.title, {{"Home", "/"}, {"Quizzes", "/quizzes/"}});
  }
}

}  // namespace bulletin
