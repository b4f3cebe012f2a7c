// RUN: strata-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(strata-materialize-plan))' -verify-diagnostics | FileCheck %s

// %e (step 1) is offloaded after production, dropped after its use at
// step 2 and prefetched from step 3 for its use at step 4; %x (step 0) is
// dropped after step 1 and recomputed from %a before step 4.
// CHECK-LABEL: func.func @plan
// CHECK-NOT:  strata.memory_plan
// CHECK:      %[[X:.*]] = strata.unary exp %arg0
// CHECK-NEXT: %[[E:.*]] = strata.unary tanh %[[X]]
// CHECK-NEXT: %[[HOST:.*]], %[[OFF:.*]] = strata.offload %[[E]] to <host>
// CHECK-NEXT: strata.free %[[X]]
// CHECK-NEXT: %[[Y:.*]] = strata.unary sqrt %[[E]]
// CHECK-NEXT: strata.wait %[[OFF]]
// CHECK-NEXT: strata.free %[[E]]
// CHECK-NEXT: %[[P:.*]], %[[READY:.*]] = strata.prefetch %[[HOST]]
// CHECK-NEXT: %[[Z:.*]] = strata.unary abs %[[Y]]
// CHECK-NEXT: strata.wait %[[READY]]
// CHECK-NEXT: %[[R:.*]] = strata.recompute(%arg0) : (tensor<256xf32>) -> tensor<256xf32> {
// CHECK-NEXT: ^bb0(%[[IN:.*]]: tensor<256xf32>):
// CHECK-NEXT:   %[[AGAIN:.*]] = strata.unary exp %[[IN]]
// CHECK-NEXT:   strata.yield %[[AGAIN]]
// CHECK-NEXT: }
// CHECK-NEXT: %[[S:.*]] = strata.binary add %[[P]], %[[R]]
// CHECK-NEXT: %[[T:.*]] = strata.binary add %[[S]], %[[Z]]
func.func @plan(%a: tensor<256xf32>) -> tensor<256xf32> attributes {strata.memory_plan = [
    {value = array<i64: 0, 0>, points = array<i64: 0, 1, 4>, present = array<i64: 1, 1, 1>,
     kept = array<i64: 1, 0>, restore = array<i64: 0, 0, 1>, prefetch_from = array<i64: -1, -1, -1>, offload = false},
    {value = array<i64: 1, 0>, points = array<i64: 1, 2, 4>, present = array<i64: 1, 1, 1>,
     kept = array<i64: 1, 0>, restore = array<i64: 0, 0, 2>, prefetch_from = array<i64: -1, -1, 3>, offload = true}]} {
  %x = strata.unary exp %a : tensor<256xf32>
  %e = strata.unary tanh %x : tensor<256xf32>
  %y = strata.unary sqrt %e : tensor<256xf32>
  %z = strata.unary abs %y : tensor<256xf32>
  %s = strata.binary add %e, %x : tensor<256xf32>
  %t = strata.binary add %s, %z : tensor<256xf32>
  return %t : tensor<256xf32>
}

// -----

// expected-error@+1 {{memory plan entry 0: names result 0 of step 9, which the body does not have}}
func.func @stale(%a: tensor<256xf32>) -> tensor<256xf32> attributes {strata.memory_plan = [
    {value = array<i64: 9, 0>, points = array<i64: 0>, present = array<i64: 1>,
     kept = array<i64>, restore = array<i64: 0>, prefetch_from = array<i64: -1>, offload = false}]} {
  %x = strata.unary exp %a : tensor<256xf32>
  return %x : tensor<256xf32>
}

// -----

// expected-error@+1 {{memory plan entry 0: has arrays of mismatched lengths}}
func.func @mismatched(%a: tensor<256xf32>) -> tensor<256xf32> attributes {strata.memory_plan = [
    {value = array<i64: 0, 0>, points = array<i64: 0, 1>, present = array<i64: 1>,
     kept = array<i64: 1>, restore = array<i64: 0, 0>, prefetch_from = array<i64: -1, -1>, offload = false}]} {
  %x = strata.unary exp %a : tensor<256xf32>
  return %x : tensor<256xf32>
}
