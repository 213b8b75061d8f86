#pragma once

#include "sitegen/page_writer.h"

namespace bulletin {

/// /quizzes/ and a page per published quiz. Server-graded quiz pages carry neither the
/// correct options nor the feedback: only the server knows them.
void WriteQuizPages(PageWriter* writer);

}  // namespace bulletin
