// Control flow in both spellings: while (pretty form with named loop values),
// case and if (generic form only, as JAX writes them), optimization_barrier.

// RUN: split-file %s %t
// RUN: stablehlo-input-check --print %t/pretty.mlir | FileCheck %s
// RUN: stablehlo-input-check --print %t/generic.mlir | FileCheck %s
// RUN: stablehlo-input-check --print %t/pretty.mlir | stablehlo-input-check --print | FileCheck %s
// RUN: stablehlo-input-check --print --mlir-print-op-generic %t/pretty.mlir | FileCheck %s --check-prefix=GENERIC

// Both regions of the loop take the loop-carried values.
// GENERIC: "stablehlo.while"(%{{.*}}, %{{.*}}) ({
// GENERIC-NEXT: ^bb0(%{{.*}}: tensor<i32>, %{{.*}}: tensor<4xf32>):
// GENERIC: }, {
// GENERIC-NEXT: ^bb0(%{{.*}}: tensor<i32>, %{{.*}}: tensor<4xf32>):
// GENERIC: }) : (tensor<i32>, tensor<4xf32>) -> (tensor<i32>, tensor<4xf32>)

// CHECK-LABEL: func.func @loop(
// CHECK-NEXT: %c = stablehlo.constant dense<0> : tensor<i32>
// CHECK-NEXT: %c_0 = stablehlo.constant dense<1> : tensor<i32>
// CHECK-NEXT: %0:2 = stablehlo.while(%iterArg = %c, %iterArg_1 = %arg0) : tensor<i32>, tensor<4xf32>
// CHECK-NEXT: cond {
// CHECK-NEXT: %1 = stablehlo.compare LT, %iterArg, %arg1, SIGNED : (tensor<i32>, tensor<i32>) -> tensor<i1>
// CHECK-NEXT: stablehlo.return %1 : tensor<i1>
// CHECK-NEXT: } do {
// CHECK-NEXT: %1 = stablehlo.add %iterArg, %c_0 : tensor<i32>
// CHECK-NEXT: %2 = stablehlo.sine %iterArg_1 : tensor<4xf32>
// CHECK-NEXT: stablehlo.return %1, %2 : tensor<i32>, tensor<4xf32>
// CHECK-NEXT: }
// CHECK-NEXT: return %0#1 : tensor<4xf32>
// CHECK-LABEL: func.func @branches(
// CHECK-NEXT: %0 = "stablehlo.case"(%arg1) ({
// CHECK-NEXT: stablehlo.return %arg0 : tensor<4xf32>
// CHECK-NEXT: }, {
// CHECK-NEXT: %2 = stablehlo.negate %arg0 : tensor<4xf32>
// CHECK-NEXT: stablehlo.return %2 : tensor<4xf32>
// CHECK-NEXT: }) : (tensor<i32>) -> tensor<4xf32>
// CHECK-NEXT: %1 = "stablehlo.if"(%arg2) ({
// CHECK-NEXT: stablehlo.return %arg0 : tensor<4xf32>
// CHECK-NEXT: }, {
// CHECK-NEXT: stablehlo.return %0 : tensor<4xf32>
// CHECK-NEXT: }) : (tensor<i1>) -> tensor<4xf32>
// CHECK-NEXT: return %1 : tensor<4xf32>
// CHECK-LABEL: func.func @barrier(
// CHECK-NEXT: %0:2 = stablehlo.optimization_barrier %arg0, %arg1 : tensor<4xf32>, tensor<i32>
// CHECK-NEXT: %1 = stablehlo.optimization_barrier %arg0 : tensor<4xf32>
// CHECK-NEXT: stablehlo.optimization_barrier()
// CHECK-NEXT: return %0#0 : tensor<4xf32>

//--- pretty.mlir
func.func @loop(%x: tensor<4xf32>, %n: tensor<i32>) -> tensor<4xf32> {
  %c = stablehlo.constant dense<0> : tensor<i32>
  %c_0 = stablehlo.constant dense<1> : tensor<i32>
  %0:2 = stablehlo.while(%iterArg = %c, %iterArg_1 = %x) : tensor<i32>, tensor<4xf32>
   cond {
    %1 = stablehlo.compare LT, %iterArg, %n, SIGNED : (tensor<i32>, tensor<i32>) -> tensor<i1>
    stablehlo.return %1 : tensor<i1>
  } do {
    %1 = stablehlo.add %iterArg, %c_0 : tensor<i32>
    %2 = stablehlo.sine %iterArg_1 : tensor<4xf32>
    stablehlo.return %1, %2 : tensor<i32>, tensor<4xf32>
  }
  return %0#1 : tensor<4xf32>
}

func.func @branches(%x: tensor<4xf32>, %i: tensor<i32>, %p: tensor<i1>) -> tensor<4xf32> {
  %0 = "stablehlo.case"(%i) ({
    stablehlo.return %x : tensor<4xf32>
  }, {
    %2 = stablehlo.negate %x : tensor<4xf32>
    stablehlo.return %2 : tensor<4xf32>
  }) : (tensor<i32>) -> tensor<4xf32>
  %1 = "stablehlo.if"(%p) ({
    stablehlo.return %x : tensor<4xf32>
  }, {
    stablehlo.return %0 : tensor<4xf32>
  }) : (tensor<i1>) -> tensor<4xf32>
  return %1 : tensor<4xf32>
}

func.func @barrier(%x: tensor<4xf32>, %i: tensor<i32>) -> tensor<4xf32> {
  %0:2 = stablehlo.optimization_barrier %x, %i : tensor<4xf32>, tensor<i32>
  %1 = stablehlo.optimization_barrier %x : tensor<4xf32>
  stablehlo.optimization_barrier()
  return %0#0 : tensor<4xf32>
}

//--- generic.mlir
"func.func"() <{function_type = (tensor<4xf32>, tensor<i32>) -> tensor<4xf32>, sym_name = "loop"}> ({
^bb0(%arg0: tensor<4xf32>, %arg1: tensor<i32>):
  %0 = "stablehlo.constant"() <{value = dense<0> : tensor<i32>}> : () -> tensor<i32>
  %1 = "stablehlo.constant"() <{value = dense<1> : tensor<i32>}> : () -> tensor<i32>
  %2:2 = "stablehlo.while"(%0, %arg0) ({
  ^bb0(%arg2: tensor<i32>, %arg3: tensor<4xf32>):
    %3 = "stablehlo.compare"(%arg2, %arg1) <{compare_type = #stablehlo<comparison_type SIGNED>, comparison_direction = #stablehlo<comparison_direction LT>}> : (tensor<i32>, tensor<i32>) -> tensor<i1>
    "stablehlo.return"(%3) : (tensor<i1>) -> ()
  }, {
  ^bb0(%arg4: tensor<i32>, %arg5: tensor<4xf32>):
    %4 = "stablehlo.add"(%arg4, %1) : (tensor<i32>, tensor<i32>) -> tensor<i32>
    %5 = "stablehlo.sine"(%arg5) : (tensor<4xf32>) -> tensor<4xf32>
    "stablehlo.return"(%4, %5) : (tensor<i32>, tensor<4xf32>) -> ()
  }) : (tensor<i32>, tensor<4xf32>) -> (tensor<i32>, tensor<4xf32>)
  "func.return"(%2#1) : (tensor<4xf32>) -> ()
}) : () -> ()
"func.func"() <{function_type = (tensor<4xf32>, tensor<i32>, tensor<i1>) -> tensor<4xf32>, sym_name = "branches"}> ({
^bb0(%arg0: tensor<4xf32>, %arg1: tensor<i32>, %arg2: tensor<i1>):
  %0 = "stablehlo.case"(%arg1) ({
    "stablehlo.return"(%arg0) : (tensor<4xf32>) -> ()
  }, {
    %1 = "stablehlo.negate"(%arg0) : (tensor<4xf32>) -> tensor<4xf32>
    "stablehlo.return"(%1) : (tensor<4xf32>) -> ()
  }) : (tensor<i32>) -> tensor<4xf32>
  %2 = "stablehlo.if"(%arg2) ({
    "stablehlo.return"(%arg0) : (tensor<4xf32>) -> ()
  }, {
    "stablehlo.return"(%0) : (tensor<4xf32>) -> ()
  }) : (tensor<i1>) -> tensor<4xf32>
  "func.return"(%2) : (tensor<4xf32>) -> ()
}) : () -> ()
"func.func"() <{function_type = (tensor<4xf32>, tensor<i32>) -> tensor<4xf32>, sym_name = "barrier"}> ({
^bb0(%arg0: tensor<4xf32>, %arg1: tensor<i32>):
  %0:2 = "stablehlo.optimization_barrier"(%arg0, %arg1) : (tensor<4xf32>, tensor<i32>) -> (tensor<4xf32>, tensor<i32>)
  %1 = "stablehlo.optimization_barrier"(%arg0) : (tensor<4xf32>) -> tensor<4xf32>
  "stablehlo.optimization_barrier"() : () -> ()
  "func.return"(%0#0) : (tensor<4xf32>) -> ()
}) : () -> ()
