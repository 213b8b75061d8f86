#include "server/page_renderer.h"

#include <iostream>

#include "core/diagnostics.h"
#include "templating/page_chrome.h"

namespace bulletin {

PageRenderer::PageRenderer(const SiteConfig& site, const TemplateSet& templates,
                           nlohmann::json chrome, bool has_quizzes)
    : site_(site), templates_(templates), chrome_(std::move(chrome)), has_quizzes_(has_quizzes) {}

HttpResponse PageRenderer::Render(
    int status, const std::string& tmpl, nlohmann::json context, const std::string& url,
    const std::string& title,
    const std::vector<std::pair<std::string, std::string>>& crumbs) const {
  AddPageChrome(site_, chrome_, url, title, crumbs, has_quizzes_, &context);
  Diagnostics diags;
  HttpResponse response;
  if (!templates_.RenderPage(tmpl, context, &response.body, &diags)) return ErrorResponse(500);
  response.status = status;
  response.headers.Set("Content-Type", "text/html; charset=utf-8");
  response.headers.Set("Cache-Control", "no-store");
  return response;
}

HttpResponse PageRenderer::Message(int status, const std::string& heading,
                                   const std::vector<std::string>& paragraphs,
                                   const std::string& link_url,
                                   const std::string& link_text) const {
  return Render(status, "message",
                {{"heading", heading},
                 {"paragraphs", paragraphs},
                 {"link_url", link_url},
                 {"link_text", link_text}},
                "/", heading);
}

HttpResponse PageRenderer::Unavailable(const std::string& error) const {
  std::cerr << "bulletin serve: " << error << '\n';
  HttpResponse response =
      Message(503, "Sorry, this service is unavailable just now",
              {"The records could not be reached, so nothing was shown or changed.",
               "Try again in a few minutes. If this goes on, tell your partnership's "
               "administrator."},
              "/", "Go to the home page");
  response.headers.Set("Retry-After", "60");
  return response;
}

}  // namespace bulletin
