#include "server/router.h"

#include "gtest/gtest.h"

namespace bulletin {
namespace {

HttpHandler Answer(std::string body) {
  return [body](const HttpRequest&) {
    HttpResponse response;
    response.body = body;
    return response;
  };
}

HttpRequest Request(std::string method, std::string path) {
  HttpRequest request;
  request.method = std::move(method);
  request.path = std::move(path);
  return request;
}

TEST(RouterTest, ExactRouteBeatsPrefixAndLongerPrefixBeatsShorter) {
  Router router;
  router.AddPrefix("GET", "/api/", Answer("api"));
  router.AddPrefix("GET", "/api/quiz/", Answer("quiz"));
  router.Add("GET", "/api/quiz/ping", Answer("ping"));
  EXPECT_EQ(router.Route(Request("GET", "/api/other")).body, "api");
  EXPECT_EQ(router.Route(Request("GET", "/api/quiz/x")).body, "quiz");
  EXPECT_EQ(router.Route(Request("GET", "/api/quiz/ping")).body, "ping");
}

TEST(RouterTest, GetRoutesAnswerHead) {
  Router router;
  router.Add("GET", "/x", Answer("x"));
  EXPECT_EQ(router.Route(Request("HEAD", "/x")).body, "x");
}

TEST(RouterTest, WrongMethodGets405WithTheAllowedMethods) {
  Router router;
  router.Add("POST", "/submit", Answer("posted"));
  router.Add("GET", "/submit", Answer("form"));
  HttpResponse response = router.Route(Request("DELETE", "/submit"));
  EXPECT_EQ(response.status, 405);
  ASSERT_NE(response.headers.Find("allow"), nullptr);
  EXPECT_EQ(*response.headers.Find("Allow"), "POST, GET, HEAD");
  EXPECT_EQ(router.Route(Request("POST", "/submit")).body, "posted");
}

TEST(RouterTest, UnmatchedPathsGoToTheFallbackOrA404) {
  Router router;
  router.Add("GET", "/x", Answer("x"));
  EXPECT_EQ(router.Route(Request("GET", "/y")).status, 404);
  router.SetFallback(Answer("static"));
  EXPECT_EQ(router.Route(Request("GET", "/y")).body, "static");
  EXPECT_EQ(router.Route(Request("GET", "/x/")).body, "static");  // exact means exact
}

}  // namespace
}  // namespace bulletin
