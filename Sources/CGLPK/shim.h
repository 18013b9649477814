// GLPK has no pkg-config file on Debian: this header is the whole binding.
#ifndef ROTAPLAN_CGLPK_SHIM_H
#define ROTAPLAN_CGLPK_SHIM_H
#include <glpk.h>
#endif
