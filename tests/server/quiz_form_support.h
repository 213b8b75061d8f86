// Taking a quiz as a browser does, for tests over real HTTP: fetch the form (its sealed
// paper and the questions on it), then answer those questions.
#pragma once

#include <algorithm>
#include <regex>
#include <string>
#include <utility>
#include <vector>

#include "quiz/quiz.h"
#include "server/http_test_support.h"

namespace bulletin::testing {

/// The form served at `base` + quiz.Url(): its sealed paper ("" if none) and the question
/// ids on it, in order.
inline std::pair<std::string, std::vector<std::string>> ServedPaper(const std::string& base,
                                                                    const Quiz& quiz) {
  HttpResult page = Fetch(base + quiz.Url());
  std::smatch m;
  std::string paper;
  if (std::regex_search(page.body, m, std::regex("name=\"paper\" value=\"([^\"]+)\""))) {
    paper = m[1].str();
  }
  std::vector<std::string> ids;
  std::regex question("<fieldset class=\"fieldset\" id=\"(q[0-9]+)\"");
  for (auto it = std::sregex_iterator(page.body.begin(), page.body.end(), question);
       it != std::sregex_iterator(); ++it) {
    ids.push_back((*it)[1].str());
  }
  return {paper, ids};
}

/// "&q1=a&q2=b..." answering the questions `ids` of `quiz`: all right, or one wrong option
/// each.
inline std::string AnswerFields(const Quiz& quiz, const std::vector<std::string>& ids, bool right) {
  std::string body;
  for (const QuizQuestion& q : quiz.questions) {
    if (std::find(ids.begin(), ids.end(), q.id) == ids.end()) continue;
    for (const QuizOption& o : q.options) {
      if (o.correct == right) {
        body += "&" + q.id + "=" + o.id;
        if (!right) break;
      }
    }
  }
  return body;
}

}  // namespace bulletin::testing
