#include <stdio.h>
#include <readline/readline.h>
#include <readline/history.h>
/* Swift 6 rejects assigning readline's global variables directly ("not concurrency-safe"):
   set them through small inline setters. */
static inline void dojo_rl_set_completion(rl_completion_func_t *fn) { rl_attempted_completion_function = fn; }
static inline void dojo_rl_set_completion_over(int v) { rl_attempted_completion_over = v; }
static inline void dojo_rl_set_name(const char *n) { rl_readline_name = n; }
static inline void dojo_rl_set_basic_word_break_characters(const char *s) { rl_basic_word_break_characters = s; }
static inline const char *dojo_rl_line_buffer(void) { return rl_line_buffer; }
