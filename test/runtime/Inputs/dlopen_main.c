// Loads an instrumented shared object at run time and runs its threads.
#include <dlfcn.h>
#include <stdio.h>

int main(int argc, char **argv) {
  if (argc < 2)
    return 2;
  void *h = dlopen(argv[1], RTLD_NOW);
  if (!h) {
    printf("dlopen: %s\n", dlerror());
    return 2;
  }
  void (*run)(void) = (void (*)(void))dlsym(h, "lib_run");
  run();
  printf("lib_run returned\n");
  return 0;
}
