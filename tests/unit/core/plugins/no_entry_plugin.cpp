// noentry: a shared object that is not a kemid module (no entry point).

extern "C" [[gnu::visibility("default")]] int noentry_answer() {
  return 42;
}
