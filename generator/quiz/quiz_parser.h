#pragma once

#include <string>
#include <vector>

#include "content/content_tree.h"
#include "core/diagnostics.h"
#include "core/file_system.h"
#include "quiz/quiz.h"

namespace bulletin {

/// Parses a quiz file: front matter (id, title, pass_mark, refresh_months, grading,
/// themes, related, minutes, summary, draft), an optional `> [!SCENARIO]`, then one `##`
/// heading per question, each followed by a task list of options (`[x]` marks the correct
/// ones) and an optional `> [!EXPLAIN]`. A question is single choice unless its text says
/// "select all" (as practitioners read it). Reports every problem at file:line:col and
/// returns false if any was an error. `slug` is the file name without .md.
bool ParseQuiz(const std::string& text, const std::string& path, const std::string& slug,
               const SiteConfig& site, Diagnostics* diags, Quiz* quiz);

/// Reports (at its place in site.yaml) each quiz id in `site.assignments` that names no
/// quiz in `quizzes` or a self-check quiz, whose completions are never recorded. With no
/// quizzes at all, one warning instead.
void CheckAssignments(const SiteConfig& site, const std::vector<Quiz>& quizzes,
                      const std::string& site_path, Diagnostics* diags);

/// Loads every .md file in <content_dir>/quizzes/ and checks that `related` names briefs or
/// bulletins in `content`, and that site.yaml's assignments name its quizzes (see
/// CheckAssignments). Quizzes are sorted by title.
bool LoadQuizzes(const FileSystem& fs, const std::string& content_dir, const ContentTree& content,
                 Diagnostics* diags, std::vector<Quiz>* quizzes);

}  // namespace bulletin
