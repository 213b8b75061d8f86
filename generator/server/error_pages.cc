#include "server/error_pages.h"

#include <string_view>
#include <vector>

namespace bulletin {

namespace {

struct ErrorText {
  std::string heading;
  std::vector<std::string> paragraphs;
};

ErrorText TextFor(int status) {
  switch (status) {
    case 404:
      return {"Page not found",
              {"If you typed the web address, check it is correct. The page may have been "
               "replaced or withdrawn."}};
    case 405:
      return {"This page cannot take that request",
              {"The page exists, but not for what your browser sent. If you were sending a "
               "form, open its page again and send it from there."}};
    case 409:
      return {"This page has changed",
              {"What you sent was made for an earlier version of the page. Open it again to "
               "get the current version."}};
    case 413:
      return {"What you sent is too large",
              {"The server accepts forms of a limited size. Go back, shorten what you "
               "entered, and send it again."}};
    case 429:
      return {"Too many requests", {"Please wait a few minutes, then try again."}};
    case 503:
      return {"The site is busy",
              {"Too many people are using the site at once. Please try again in a minute."}};
    case 500:
      return {"Sorry, something went wrong",
              {"Nothing you sent was lost on your side: please try again in a few minutes. "
               "If it keeps happening, tell the partnership's business unit."}};
    default:
      if (status >= 500) return TextFor(500);
      return {"The request could not be read",
              {"Please go back and try again from the page you came from."}};
  }
}

bool IsQuizRoute(std::string_view path) {
  return path.starts_with("/quizzes/") || path.starts_with("/certificates/") ||
         path.starts_with("/verify/");
}

}  // namespace

ErrorPages::ErrorPages(const PageRenderer& pages, std::function<void(const std::string&)> log)
    : pages_(pages), log_(std::move(log)) {}

void ErrorPages::Style(const std::string& method, const std::string& path,
                       HttpResponse* response) const {
  const int status = response->status;
  if (IsQuizRoute(path) && log_) {
    log_(std::to_string(status) + " " + method + " " + path);
  }
  ErrorText text = TextFor(status);
  const bool quiz = std::string_view(path).starts_with("/quizzes/");
  HttpResponse styled =
      pages_.Message(status, text.heading, text.paragraphs, quiz ? "/quizzes/" : "/",
                     quiz ? "See all quizzes" : "Go to the home page");
  if (styled.generic_error) return;  // the template failed: keep the bare page
  response->body = std::move(styled.body);
  response->headers.Set("Content-Type", "text/html; charset=utf-8");
  response->generic_error = false;
}

void ErrorPages::AddTo(Router* router) const {
  router->SetErrorPages([this](const std::string& method, const std::string& path,
                               HttpResponse* response) { Style(method, path, response); });
}

}  // namespace bulletin
