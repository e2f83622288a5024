#include <gtest/gtest.h>
TEST(Registrar, Builds) {}
