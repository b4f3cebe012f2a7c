// RUN: strata-opt %s --strata-plan-memory="budget=3MiB" -verify-diagnostics -split-input-file
// RUN: not strata-opt %s --strata-plan-memory="budget=lots" -split-input-file 2>&1 | FileCheck %s --check-prefix=SIZE
// RUN: not strata-opt %s --strata-plan-memory="planner=magic" -split-input-file 2>&1 | FileCheck %s --check-prefix=PLANNER

// At the add, the caller's %a and %x, %y and the sum are all needed at
// once: 4 MiB, which is also the smallest budget any plan meets.
// expected-error@+1 {{the HBM budget of 3145728 bytes (3.00 MiB) cannot be met: the smallest budget the planner could satisfy is 4194304 bytes (4.00 MiB)}}
func.func @infeasible(%a: tensor<1024x256xf32>) -> tensor<1024x256xf32> {
  %x = strata.unary exp %a : tensor<1024x256xf32>
  %y = strata.unary tanh %a : tensor<1024x256xf32>
  %z = strata.binary add %x, %y : tensor<1024x256xf32>
  return %z : tensor<1024x256xf32>
}

// SIZE: error: budget 'lots' is not a size (e.g. 8GiB, 512MiB, 1.5GB, a byte count), a percentage (25%) or 'min'
// PLANNER: error: unknown planner 'magic'; expected 'mip', 'heuristic', 'greedy', 'greedy-recompute', 'greedy-offload', 'checkpoint-layers' or 'checkpoint-sqrt'
