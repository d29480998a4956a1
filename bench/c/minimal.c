/* Footprint: the smallest program, built with and without wasig's library. */
int main(void) { return 0; }
