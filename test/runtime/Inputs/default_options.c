// Linked with two_races.c by options_default_options.test: the program's
// own defaults for the runtime options (ATOMICGUARD_OPTIONS overrides them).
const char *__atomicguard_default_options(void) {
#ifdef BAD_DEFAULTS
  return "exitcode=7:no_such_option=1";
#else
  return "exitcode=7 halt_on_error=1";
#endif
}
