#include "quiz/quiz_parser.h"

#include <cmark-gfm-core-extensions.h>

#include <algorithm>
#include <exception>
#include <set>

#include "content/front_matter.h"
#include "content/scaffold.h"
#include "content/yaml_util.h"
#include "core/text.h"
#include "markdown/callouts.h"
#include "markdown/cmark_tree.h"
#include "markdown/html_sanitizer.h"
#include "markdown/input_limits.h"

namespace bulletin {

namespace {

constexpr size_t kMaxOptions = 26;  // option ids are the letters a-z

struct FrontMatterLines {
  int related = 1;
};

// ask, ask_by, shuffle_options, shuffle_questions and review: how each attempt's paper is
// drawn and how much its result page shows.
void ReadPaperSettings(YamlReader& r, const YAML::Node& root, Quiz* quiz) {
  if (root["ask"]) {
    quiz->ask_line = r.Line(root["ask"]);
    if (auto n = r.Int(root["ask"], "ask")) {
      if (*n < 1) {
        r.Error(root["ask"], "'ask' is how many questions each attempt draws: 1 or more");
      } else {
        quiz->ask = *n;
      }
    }
  }
  if (root["ask_by"]) {
    if (auto s = r.String(root["ask_by"], "ask_by")) {
      if (*s == "group") {
        quiz->ask_by_group = true;
      } else {
        r.Error(root["ask_by"],
                "'ask_by' may only be 'group': draw from each question group '{group=name}' "
                "in turn, so every topic is asked");
      }
    }
  }
  if (root["shuffle_options"]) {
    quiz->shuffle_options = r.Bool(root["shuffle_options"], "shuffle_options").value_or(true);
  }
  if (root["shuffle_questions"]) {
    quiz->shuffle_questions =
        r.Bool(root["shuffle_questions"], "shuffle_questions").value_or(false);
  }
  const YAML::Node review = root["review"];
  if (!review) return;
  if (!review.IsMap()) {
    r.Error(review,
            "'review' holds 'after_fail:' and 'after_pass:', each 'score', 'which', "
            "'feedback' or 'answers'");
    return;
  }
  r.CheckKnownKeys(review, {"after_fail", "after_pass"}, "review");
  for (auto [key, dst] : {std::pair{"after_fail", &quiz->review_after_fail},
                          std::pair{"after_pass", &quiz->review_after_pass}}) {
    if (!review[key]) continue;
    auto s = r.String(review[key], key);
    if (!s) continue;
    if (auto level = ParseReviewLevel(*s)) {
      *dst = *level;
    } else {
      r.Error(review[key], std::string("'") + key +
                               "' must be 'score', 'which' (the questions not right, with where "
                               "to read about them), 'feedback' (with the explanations) or "
                               "'answers' (with the right answers)");
    }
  }
}

bool ParseQuizFrontMatter(const std::string& yaml, int yaml_line, const std::string& path,
                          const std::string& slug, const SiteConfig& site, Diagnostics* diags,
                          Quiz* quiz, FrontMatterLines* lines) {
  int errors_before = diags->error_count();
  YamlReader r(path, yaml_line - 1, diags);
  YAML::Node root;
  if (!r.Load(yaml, &root)) return false;
  r.CheckKnownKeys(
      root,
      {"id", "title", "summary", "pass_mark", "refresh_months", "grading", "themes", "related",
       "minutes", "draft", "ask", "ask_by", "shuffle_options", "shuffle_questions", "review"},
      "quiz front matter");
  auto missing = [&](const char* field, const char* example) {
    diags->Error(path, yaml_line, 1,
                 std::string("missing '") + field + "' in quiz front matter; add a line such as '" +
                     field + ": " + example + "'");
  };
  if (root["id"]) {
    if (auto s = r.String(root["id"], "id")) {
      quiz->id = *s;
      if (*s != slug) {
        r.Error(root["id"], "quiz id '" + *s + "' must match the file name: use 'id: " + slug +
                                "' or rename the file to " + *s + ".md");
      }
    }
  } else {
    missing("id", slug.c_str());
  }
  if (quiz->id.empty()) quiz->id = slug;
  if (root["title"]) {
    if (auto s = r.String(root["title"], "title")) quiz->title = *s;
  } else {
    missing("title", "Coercive control awareness");
  }
  if (root["summary"]) {
    if (auto s = r.String(root["summary"], "summary")) quiz->summary = *s;
  }
  auto read_int = [&](const char* field, int lo, int hi, int* dst, const char* unit) {
    if (!root[field]) return false;
    auto v = r.Int(root[field], field);
    if (!v) return true;
    if (*v < lo || *v > hi) {
      r.Error(root[field], std::string("'") + field + "' must be between " + std::to_string(lo) +
                               " and " + std::to_string(hi) + unit);
      return true;
    }
    *dst = *v;
    return true;
  };
  if (!read_int("pass_mark", 1, 100, &quiz->pass_mark, " (a percentage)"))
    missing("pass_mark", "80");
  if (!read_int("refresh_months", 1, 120, &quiz->refresh_months, " months")) {
    missing("refresh_months", "12");
  }
  read_int("minutes", 1, 240, &quiz->minutes, " minutes");
  if (root["grading"]) {
    if (auto s = r.String(root["grading"], "grading")) {
      if (*s == "server") {
        quiz->grading = Grading::kServer;
      } else if (*s == "self-check") {
        quiz->grading = Grading::kSelfCheck;
      } else {
        r.Error(root["grading"],
                "'grading' must be 'server' (marked and recorded, with a "
                "certificate) or 'self-check' (answers shown on the page, "
                "nothing recorded)");
      }
    }
  } else {
    missing("grading", "server");
  }
  if (root["themes"]) quiz->themes = ReadThemeList(r, root["themes"], site);
  if (root["related"]) {
    lines->related = r.Line(root["related"]);
    if (auto list = r.StringList(root["related"], "related")) quiz->related = *list;
  }
  if (root["draft"]) quiz->draft = r.Bool(root["draft"], "draft").value_or(false);
  ReadPaperSettings(r, root, quiz);
  return diags->error_count() == errors_before;
}

std::string RenderChildren(const CmarkTree& tree, cmark_node* node) {
  std::string html;
  for (cmark_node* c = cmark_node_first_child(node); c; c = cmark_node_next(c)) {
    html += tree.RenderHtml(c);
  }
  return html;
}

// An option's label: the inline content of a one-paragraph item, else its blocks.
std::string OptionHtml(const CmarkTree& tree, cmark_node* item) {
  cmark_node* first = cmark_node_first_child(item);
  if (first && !cmark_node_next(first) && cmark_node_get_type(first) == CMARK_NODE_PARAGRAPH) {
    return RenderChildren(tree, first);
  }
  return RenderChildren(tree, item);
}

std::string TrimTrailingNewline(std::string s) {
  while (!s.empty() && s.back() == '\n') s.pop_back();
  return s;
}

bool SaysSelectAll(const std::string& text) {
  std::string lower;
  for (char c : text) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower.find("select all") != std::string::npos ||
         lower.find("choose all") != std::string::npos ||
         lower.find("tick all") != std::string::npos;
}

// Takes a trailing "{last}" or "{group=x see=y}" off the last text of `node` (a heading or
// an option's paragraph) and returns its words; "" when there is none.
std::string TakeAttributes(cmark_node* node) {
  cmark_node* last = cmark_node_last_child(node);
  while (last && cmark_node_get_type(last) != CMARK_NODE_TEXT && cmark_node_last_child(last)) {
    last = cmark_node_last_child(last);
  }
  if (!last || cmark_node_get_type(last) != CMARK_NODE_TEXT) return "";
  std::string literal = cmark_node_get_literal(last) ? cmark_node_get_literal(last) : "";
  size_t end = literal.find_last_not_of(" \t");
  if (end == std::string::npos || literal[end] != '}') return "";
  size_t open = literal.rfind('{', end);
  if (open == std::string::npos) return "";
  std::string words = literal.substr(open + 1, end - open - 1);
  literal.erase(open);
  while (!literal.empty() && literal.back() == ' ') literal.pop_back();
  cmark_node_set_literal(last, literal.c_str());
  return words;
}

std::vector<std::pair<std::string, std::string>> SplitAttributes(const std::string& words) {
  std::vector<std::pair<std::string, std::string>> out;
  size_t i = 0;
  while (i < words.size()) {
    while (i < words.size() && words[i] == ' ') ++i;
    size_t end = words.find(' ', i);
    if (end == std::string::npos) end = words.size();
    if (end > i) {
      std::string word = words.substr(i, end - i);
      size_t eq = word.find('=');
      if (eq == std::string::npos) {
        out.emplace_back(word, "");
      } else {
        out.emplace_back(word.substr(0, eq), word.substr(eq + 1));
      }
    }
    i = end;
  }
  return out;
}

class BodyParser {
 public:
  BodyParser(const CmarkTree& tree, const SourceFile& source, Quiz* quiz)
      : tree_(tree), source_(source), quiz_(quiz) {}

  void Run(const std::vector<Callout>& callouts) {
    for (cmark_node* node = cmark_node_first_child(tree_.root()); node;
         node = cmark_node_next(node)) {
      const Callout* callout = nullptr;
      for (const Callout& c : callouts) {
        if (c.aside == node) callout = &c;
      }
      if (callout) {
        OnCallout(node, *callout);
      } else if (cmark_node_get_type(node) == CMARK_NODE_HEADING) {
        OnHeading(node);
      } else if (cmark_node_get_type(node) == CMARK_NODE_LIST) {
        OnList(node);
      } else {
        OnOther(node);
      }
    }
    if (question_) FinishQuestion();
    if (quiz_->questions.empty()) {
      source_.diags->Error(std::string(source_.path), source_.first_line, 1,
                           "quiz has no questions: write each question as a '## ' heading "
                           "followed by its options as a task list ('- [x] right', '- [ ] wrong')");
    }
  }

 private:
  void OnCallout(cmark_node* node, const Callout& c) {
    std::string html = RenderChildren(tree_, node);
    // The aside replaced the block quote and has no position of its own: use the marker's.
    auto error = [&](const std::string& message) {
      source_.diags->Error(std::string(source_.path), c.block.line, 1, message);
    };
    if (c.block.kind == BlockKind::kScenario) {
      if (question_) {
        error(
            "put [!SCENARIO] before the first question; it sets the case the "
            "questions are about");
      } else if (!quiz_->scenario_html.empty()) {
        error("a quiz has one [!SCENARIO]; merge the two");
      } else {
        quiz_->scenario_html = html;
      }
    } else if (c.block.kind == BlockKind::kExplain) {
      if (!question_ || question_->options.empty()) {
        error(
            "[!EXPLAIN] goes after a question's options: it is the feedback "
            "shown once the question is answered");
      } else if (!question_->explain_html.empty()) {
        error("question has two [!EXPLAIN] blocks; merge them");
      } else {
        question_->explain_html = html;
      }
    } else {
      OnOther(node);
    }
  }

  void OnHeading(cmark_node* node) {
    int level = cmark_node_get_heading_level(node);
    if (level == 1) {
      source_.Error(node,
                    "the quiz title comes from the front matter; write questions as "
                    "'## ' headings");
      return;
    }
    if (level > 2) {
      OnOther(node);
      return;
    }
    if (question_) FinishQuestion();
    quiz_->questions.emplace_back();
    question_ = &quiz_->questions.back();
    question_->id = "q" + std::to_string(quiz_->questions.size());
    for (const auto& [key, value] : SplitAttributes(TakeAttributes(node))) {
      if (key == "group" && !value.empty()) {
        question_->group = value;
      } else if (key == "see" && !value.empty()) {
        question_->see = value;
      } else {
        source_.Error(node, "unknown '{" + key + (value.empty() ? "" : "=" + value) +
                                "}' after a question: write '{group=name}' to put it in a "
                                "pool's group, or '{see=brief-file-name#section}' for where "
                                "the learning is");
      }
    }
    question_->html = TrimTrailingNewline(RenderChildren(tree_, node));
    question_->text = PlainText(node);
    question_->line = source_.Line(node);
    heading_ = node;
  }

  void OnList(cmark_node* list) {
    if (!question_) {
      OnOther(list);
      return;
    }
    if (!question_->options.empty()) {
      source_.Error(list, "question already has its options; put every option in one list");
      return;
    }
    for (cmark_node* item = cmark_node_first_child(list); item; item = cmark_node_next(item)) {
      if (std::string_view(cmark_node_get_type_string(item)) != "tasklist") {
        source_.Error(item,
                      "options are task-list items: write '- [ ] option', and '- [x] "
                      "option' for a correct one");
        continue;
      }
      QuizOption option;
      cmark_node* label = cmark_node_first_child(item);
      if (label && cmark_node_get_type(label) == CMARK_NODE_PARAGRAPH) {
        std::string words = TakeAttributes(label);
        if (words == "last") {
          option.pinned = true;
        } else if (!words.empty()) {
          source_.Error(item, "unknown '{" + words +
                                  "}' after an option: write '{last}' to keep it last when "
                                  "the options are shuffled (as for 'All of the above')");
        }
      }
      option.id = std::string(1, static_cast<char>('a' + question_->options.size() % kMaxOptions));
      option.html = TrimTrailingNewline(OptionHtml(tree_, item));
      option.text = PlainText(item);
      option.correct = cmark_gfm_extensions_get_tasklist_item_checked(item);
      if (question_->options.size() == kMaxOptions) {
        source_.Error(item, "a question may have at most 26 options");
        break;
      }
      question_->options.push_back(std::move(option));
    }
    options_node_ = list;
  }

  void OnOther(cmark_node* node) {
    std::string html = tree_.RenderHtml(node);
    if (!question_) {
      quiz_->intro_html += html;
    } else if (question_->options.empty()) {
      question_->detail_html += html;
    } else {
      source_.Error(node,
                    "text after the options of a question: put feedback in a "
                    "'> [!EXPLAIN]' block, or start the next question with '## '");
    }
  }

  void FinishQuestion() {
    QuizQuestion& q = *question_;
    int correct = static_cast<int>(
        std::count_if(q.options.begin(), q.options.end(), [](auto& o) { return o.correct; }));
    q.multiple = SaysSelectAll(q.text) || SaysSelectAll(q.detail_html);
    if (q.options.empty()) {
      source_.Error(heading_,
                    "question has no options: add a task list after it, such as "
                    "'- [x] the right answer' and '- [ ] a wrong answer'");
    } else if (q.options.size() < 2) {
      source_.Error(options_node_, "question has only one option; give at least two");
    } else if (correct == 0) {
      source_.Error(options_node_,
                    "quiz question has no correct option; mark the right "
                    "answer with [x]");
    } else if (correct > 1 && !q.multiple) {
      source_.Error(options_node_,
                    "single-choice question has " + std::to_string(correct) +
                        " correct options; mark one with [x], or say 'Select all that apply' "
                        "in the question");
    }
    question_ = nullptr;
  }

  const CmarkTree& tree_;
  const SourceFile& source_;
  Quiz* quiz_;
  QuizQuestion* question_ = nullptr;
  cmark_node* heading_ = nullptr;
  cmark_node* options_node_ = nullptr;
};

void CheckPool(const Quiz& quiz, Diagnostics* diags) {
  if (quiz.questions.empty()) return;
  const int total = static_cast<int>(quiz.questions.size());
  if (quiz.ask > total) {
    diags->Error(quiz.path, quiz.ask_line, 1,
                 "'ask: " + std::to_string(quiz.ask) + "' draws more questions than the " +
                     std::to_string(total) + " the quiz has; lower it or add questions");
  }
  if (!quiz.ask_by_group) return;
  std::set<std::string> groups;
  for (const QuizQuestion& q : quiz.questions) {
    if (q.group.empty()) {
      diags->Error(quiz.path, q.line, 1,
                   "with 'ask_by: group' every question needs a group: end its heading with "
                   "'{group=name}'");
    }
    groups.insert(q.group);
  }
  if (quiz.ask > 0 && quiz.ask < static_cast<int>(groups.size())) {
    diags->Warning(quiz.path, quiz.ask_line, 1,
                   "'ask: " + std::to_string(quiz.ask) + "' is fewer than the " +
                       std::to_string(groups.size()) +
                       " groups, so some attempts miss a topic; ask at least one per group");
  }
}

}  // namespace

bool ParseQuiz(const std::string& text, const std::string& path, const std::string& slug,
               const SiteConfig& site, Diagnostics* diags, Quiz* quiz) {
  int errors_before = diags->error_count();
  quiz->path = path;
  std::string yaml, body;
  int yaml_line = 0, body_line = 0;
  if (!SplitFrontMatter(text, &yaml, &yaml_line, &body, &body_line)) {
    diags->Error(path, 1, 1,
                 "no front matter: start the file with a line '---', then fields such as "
                 "'id: " +
                     slug + "', then another line '---'");
    return false;
  }
  FrontMatterLines lines;
  Diagnostics local;
  ParseQuizFrontMatter(yaml, yaml_line, path, slug, site, &local, quiz, &lines);
  quiz->related_line = lines.related;
  try {
    if (CheckInputLimits(body, path, body_line, MarkdownLimits(), &local)) {
      CmarkTree tree(body);
      SourceFile source{path, body_line, &local};
      std::vector<Callout> callouts = ConvertCallouts(tree.root(), true, source);
      std::vector<Link> links;
      SanitizeTree(tree.root(), source, &links);
      BodyParser(tree, source, quiz).Run(callouts);
    }
  } catch (const std::exception& e) {
    local.Error(path, body_line, 1, std::string("internal error reading the quiz: ") + e.what());
  }
  CheckPool(*quiz, &local);
  local.Sort();
  diags->Merge(local);
  quiz->version = QuizVersion(*quiz);
  return diags->error_count() == errors_before;
}

void CheckAssignments(const SiteConfig& site, const std::vector<Quiz>& quizzes,
                      const std::string& site_path, Diagnostics* diags) {
  // A content folder without quizzes (a copy of site.yaml used to try out briefs) cannot
  // hold anyone's completions: say so once instead of an error per id.
  if (quizzes.empty()) {
    for (const AssignmentRule& rule : site.assignments) {
      if (rule.quizzes.empty()) continue;
      diags->Warning(site_path, rule.quiz_lines[0], rule.quiz_columns[0],
                     "'assignments' names quizzes but there are no quizzes in quizzes/; "
                     "the dashboard will show no assignments");
      return;
    }
    return;
  }
  std::vector<std::string> ids;
  for (const Quiz& q : quizzes) ids.push_back(q.id);
  for (const AssignmentRule& rule : site.assignments) {
    for (size_t i = 0; i < rule.quizzes.size(); ++i) {
      const std::string& id = rule.quizzes[i];
      auto quiz =
          std::find_if(quizzes.begin(), quizzes.end(), [&](const Quiz& q) { return q.id == id; });
      if (quiz == quizzes.end()) {
        std::string hint = ClosestMatch(id, ids);
        diags->Error(site_path, rule.quiz_lines[i], rule.quiz_columns[i],
                     "assignment names quiz '" + id + "', which is not in quizzes/" +
                         (hint.empty() ? "; use a quiz's id" : "; did you mean '" + hint + "'?"));
      } else if (quiz->grading != Grading::kServer) {
        diags->Error(site_path, rule.quiz_lines[i], rule.quiz_columns[i],
                     "quiz '" + id +
                         "' is a self-check quiz, so nobody's completion is "
                         "recorded; assign only quizzes with 'grading: server'");
      }
    }
  }
}

namespace {

// Fills related_links and each question's see_url, reporting names that are no brief.
void ResolveLinks(const ContentTree& content, Diagnostics* diags, Quiz* quiz) {
  for (const std::string& slug_ref : quiz->related) {
    const Document* d = content.FindBySlug(slug_ref);
    if (!d || d->kind == DocumentKind::kPage) {
      diags->Error(quiz->path, quiz->related_line, 1,
                   "related '" + slug_ref +
                       "' names no brief or bulletin; give the file name "
                       "(without .md) of a brief or bulletin");
    } else {
      quiz->related_links.emplace_back(d->title, d->Url());
    }
  }
  for (QuizQuestion& q : quiz->questions) {
    if (q.see.empty()) {
      if (!quiz->related_links.empty()) q.see_url = quiz->related_links.front().second;
      continue;
    }
    size_t hash = q.see.find('#');
    const std::string slug = q.see.substr(0, hash);
    const Document* d = slug.empty() ? nullptr : content.FindBySlug(slug);
    if (!d || d->kind == DocumentKind::kPage) {
      diags->Error(quiz->path, q.line, 1,
                   "'{see=" + q.see +
                       "}' names no brief or bulletin; write '{see=file-name#section-id}' "
                       "with a brief's file name (without .md)");
      continue;
    }
    q.see_url = d->Url() + (hash == std::string::npos ? "" : q.see.substr(hash));
  }
}

}  // namespace

bool LoadQuizzes(const FileSystem& fs, const std::string& content_dir, const ContentTree& content,
                 Diagnostics* diags, std::vector<Quiz>* quizzes) {
  int errors_before = diags->error_count();
  const std::string dir = JoinPath(content_dir, "quizzes");
  for (const std::string& name : fs.ListFiles(dir)) {
    if (name.size() < 4 || name.compare(name.size() - 3, 3, ".md") != 0) continue;
    const std::string path = JoinPath(dir, name);
    const std::string slug = name.substr(0, name.size() - 3);
    if (!IsValidSlug(slug)) {
      diags->Error(path, 1, 1,
                   "the file name is the quiz's address, so it must be lower-case letters, "
                   "digits and single hyphens: rename it to '" +
                       Slugify(slug) + ".md'");
    }
    std::string text, err;
    if (!fs.ReadFile(path, &text, &err)) {
      diags->Error(path, 1, 1, "cannot read: " + err);
      continue;
    }
    Quiz quiz;
    ParseQuiz(text, path, slug, content.site, diags, &quiz);
    if (!quiz.draft) WarnScaffoldPlaceholders(text, path, diags);
    ResolveLinks(content, diags, &quiz);
    quizzes->push_back(std::move(quiz));
  }
  std::sort(quizzes->begin(), quizzes->end(),
            [](const Quiz& a, const Quiz& b) { return a.title < b.title; });
  CheckAssignments(content.site, *quizzes, JoinPath(content_dir, "site.yaml"), diags);
  return diags->error_count() == errors_before;
}

}  // namespace bulletin
