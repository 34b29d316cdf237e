#include "app.hpp"
#include "heap.hpp"

int main(int argc, char** argv) {
  tally::prepare_heap();
  return tally::cli::run(argc, argv);
}
