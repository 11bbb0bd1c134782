// Loads the shared object argv[1] and runs its count_hit in two threads.
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

int main(int argc, char **argv) {
  if (argc < 2)
    return 2;
  void *lib = dlopen(argv[1], RTLD_NOW);
  if (!lib) {
    printf("dlopen: %s\n", dlerror());
    return 2;
  }
  void *(*count_hit)(void *) = (void *(*)(void *))dlsym(lib, "count_hit");
  pthread_t a, b;
  pthread_create(&a, 0, count_hit, 0);
  pthread_create(&b, 0, count_hit, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  return 0;
}
