// Reductions in both spellings. stablehlo.reduce prints compactly
// (`applies stablehlo.add`) when its body is one binary op of the block
// arguments in order, else with its `reducer` region; the other ops with
// combiner regions (reduce_window, select_and_scatter, sort) are written in
// the generic form only, as JAX writes them.

// RUN: split-file %s %t
// RUN: stablehlo-input-check --print %t/pretty.mlir | FileCheck %s
// RUN: stablehlo-input-check --print %t/generic.mlir | FileCheck %s
// RUN: stablehlo-input-check --print %t/pretty.mlir | stablehlo-input-check --print | FileCheck %s
// RUN: stablehlo-input-check --print --mlir-print-op-generic %t/pretty.mlir | FileCheck %s --check-prefix=GENERIC

// The compact form stands for the full body.
// GENERIC-LABEL: sym_name = "reduce"
// GENERIC: "stablehlo.reduce"(%{{.*}}, %{{.*}}) <{dimensions = array<i64: 1>}> ({
// GENERIC-NEXT: ^bb0(%[[A:.*]]: tensor<f32>, %[[B:.*]]: tensor<f32>):
// GENERIC-NEXT: %[[M:.*]] = "stablehlo.maximum"(%[[A]], %[[B]]) : (tensor<f32>, tensor<f32>) -> tensor<f32>
// GENERIC-NEXT: "stablehlo.return"(%[[M]]) : (tensor<f32>) -> ()
// GENERIC-NEXT: }) : (tensor<4x8xf32>, tensor<f32>) -> tensor<4xf32>

// CHECK-LABEL: func.func @reduce(
// CHECK-NEXT: %0 = stablehlo.reduce(%arg0 init: %arg3) applies stablehlo.maximum across dimensions = [1] : (tensor<4x8xf32>, tensor<f32>) -> tensor<4xf32>
// CHECK-NEXT: %1 = stablehlo.reduce(%arg0 init: %arg3) applies stablehlo.add across dimensions = [0, 1] : (tensor<4x8xf32>, tensor<f32>) -> tensor<f32>
// CHECK-NEXT: %2 = stablehlo.reduce(%arg2 init: %arg5) applies stablehlo.and across dimensions = [1] : (tensor<4x8xi1>, tensor<i1>) -> tensor<4xi1>
// CHECK-NEXT: %3 = stablehlo.reduce(%arg0 init: %arg3) across dimensions = [1] : (tensor<4x8xf32>, tensor<f32>) -> tensor<4xf32>
// CHECK-NEXT: reducer(%arg6: tensor<f32>, %arg7: tensor<f32>) {
// CHECK-NEXT: %5 = stablehlo.add %arg7, %arg6 : tensor<f32>
// CHECK-NEXT: stablehlo.return %5 : tensor<f32>
// CHECK-NEXT: }
// CHECK-NEXT: %4:2 = stablehlo.reduce(%arg0 init: %arg3), (%arg1 init: %arg4) across dimensions = [1] : (tensor<4x8xf32>, tensor<4x8xi32>, tensor<f32>, tensor<i32>) -> (tensor<4xf32>, tensor<4xi32>)
// CHECK-NEXT: reducer(%arg6: tensor<f32>, %arg8: tensor<f32>) (%arg7: tensor<i32>, %arg9: tensor<i32>) {
// CHECK-NEXT: %5 = stablehlo.compare GT, %arg6, %arg8, FLOAT : (tensor<f32>, tensor<f32>) -> tensor<i1>
// CHECK-NEXT: %6 = stablehlo.select %5, %arg6, %arg8 : tensor<i1>, tensor<f32>
// CHECK-NEXT: %7 = stablehlo.select %5, %arg7, %arg9 : tensor<i1>, tensor<i32>
// CHECK-NEXT: stablehlo.return %6, %7 : tensor<f32>, tensor<i32>
// CHECK-NEXT: }
// CHECK-NEXT: return %0 : tensor<4xf32>
// CHECK-LABEL: func.func @windows_and_sort(
// CHECK-NEXT: %0 = "stablehlo.reduce_window"(%arg0, %arg2) <{padding = dense<{{\[\[}}0, 0], [0, 1]]> : tensor<2x2xi64>, window_dimensions = array<i64: 1, 2>, window_strides = array<i64: 1, 2>}> ({
// CHECK-NEXT: ^bb0(%arg3: tensor<f32>, %arg4: tensor<f32>):
// CHECK-NEXT: %3 = stablehlo.maximum %arg3, %arg4 : tensor<f32>
// CHECK-NEXT: stablehlo.return %3 : tensor<f32>
// CHECK-NEXT: }) : (tensor<4x8xf32>, tensor<f32>) -> tensor<4x5xf32>
// CHECK-NEXT: %1 = "stablehlo.select_and_scatter"(%arg0, %0, %arg2) <{padding = dense<{{\[\[}}0, 0], [0, 1]]> : tensor<2x2xi64>, window_dimensions = array<i64: 1, 2>, window_strides = array<i64: 1, 2>}> ({
// CHECK-NEXT: ^bb0(%arg3: tensor<f32>, %arg4: tensor<f32>):
// CHECK-NEXT: %3 = stablehlo.compare GE, %arg3, %arg4, FLOAT : (tensor<f32>, tensor<f32>) -> tensor<i1>
// CHECK-NEXT: stablehlo.return %3 : tensor<i1>
// CHECK-NEXT: }, {
// CHECK-NEXT: ^bb0(%arg3: tensor<f32>, %arg4: tensor<f32>):
// CHECK-NEXT: %3 = stablehlo.add %arg3, %arg4 : tensor<f32>
// CHECK-NEXT: stablehlo.return %3 : tensor<f32>
// CHECK-NEXT: }) : (tensor<4x8xf32>, tensor<4x5xf32>, tensor<f32>) -> tensor<4x8xf32>
// CHECK-NEXT: %2:2 = "stablehlo.sort"(%arg0, %arg1) <{dimension = 1 : i64, is_stable = true}> ({
// CHECK-NEXT: ^bb0(%arg3: tensor<f32>, %arg4: tensor<f32>, %arg5: tensor<i32>, %arg6: tensor<i32>):
// CHECK-NEXT: %3 = stablehlo.compare GT, %arg3, %arg4, TOTALORDER : (tensor<f32>, tensor<f32>) -> tensor<i1>
// CHECK-NEXT: stablehlo.return %3 : tensor<i1>
// CHECK-NEXT: }) : (tensor<4x8xf32>, tensor<4x8xi32>) -> (tensor<4x8xf32>, tensor<4x8xi32>)
// CHECK-NEXT: return %0 : tensor<4x5xf32>

//--- pretty.mlir
func.func @reduce(%x: tensor<4x8xf32>, %i: tensor<4x8xi32>, %p: tensor<4x8xi1>, %z: tensor<f32>, %zi: tensor<i32>, %t: tensor<i1>) -> tensor<4xf32> {
  %0 = stablehlo.reduce(%x init: %z) applies stablehlo.maximum across dimensions = [1] : (tensor<4x8xf32>, tensor<f32>) -> tensor<4xf32>
  %1 = stablehlo.reduce(%x init: %z) applies stablehlo.add across dimensions = [0, 1] : (tensor<4x8xf32>, tensor<f32>) -> tensor<f32>
  %2 = stablehlo.reduce(%p init: %t) applies stablehlo.and across dimensions = [1] : (tensor<4x8xi1>, tensor<i1>) -> tensor<4xi1>
  // Operands in the other order: not the compact form.
  %3 = stablehlo.reduce(%x init: %z) across dimensions = [1] : (tensor<4x8xf32>, tensor<f32>) -> tensor<4xf32>
   reducer(%a: tensor<f32>, %b: tensor<f32>)  {
    %s = stablehlo.add %b, %a : tensor<f32>
    stablehlo.return %s : tensor<f32>
  }
  // Two operands reduced together (an argmax): one reducer pair each.
  %4:2 = stablehlo.reduce(%x init: %z), (%i init: %zi) across dimensions = [1] : (tensor<4x8xf32>, tensor<4x8xi32>, tensor<f32>, tensor<i32>) -> (tensor<4xf32>, tensor<4xi32>)
   reducer(%a: tensor<f32>, %b: tensor<f32>) (%c: tensor<i32>, %d: tensor<i32>)  {
    %g = stablehlo.compare GT, %a, %b, FLOAT : (tensor<f32>, tensor<f32>) -> tensor<i1>
    %m = stablehlo.select %g, %a, %b : tensor<i1>, tensor<f32>
    %n = stablehlo.select %g, %c, %d : tensor<i1>, tensor<i32>
    stablehlo.return %m, %n : tensor<f32>, tensor<i32>
  }
  return %0 : tensor<4xf32>
}

func.func @windows_and_sort(%x: tensor<4x8xf32>, %i: tensor<4x8xi32>, %z: tensor<f32>) -> tensor<4x5xf32> {
  %0 = "stablehlo.reduce_window"(%x, %z) <{padding = dense<[[0, 0], [0, 1]]> : tensor<2x2xi64>, window_dimensions = array<i64: 1, 2>, window_strides = array<i64: 1, 2>}> ({
  ^bb0(%a: tensor<f32>, %b: tensor<f32>):
    %m = stablehlo.maximum %a, %b : tensor<f32>
    stablehlo.return %m : tensor<f32>
  }) : (tensor<4x8xf32>, tensor<f32>) -> tensor<4x5xf32>
  %1 = "stablehlo.select_and_scatter"(%x, %0, %z) <{padding = dense<[[0, 0], [0, 1]]> : tensor<2x2xi64>, window_dimensions = array<i64: 1, 2>, window_strides = array<i64: 1, 2>}> ({
  ^bb0(%a: tensor<f32>, %b: tensor<f32>):
    %p = stablehlo.compare GE, %a, %b, FLOAT : (tensor<f32>, tensor<f32>) -> tensor<i1>
    stablehlo.return %p : tensor<i1>
  }, {
  ^bb0(%a: tensor<f32>, %b: tensor<f32>):
    %s = stablehlo.add %a, %b : tensor<f32>
    stablehlo.return %s : tensor<f32>
  }) : (tensor<4x8xf32>, tensor<4x5xf32>, tensor<f32>) -> tensor<4x8xf32>
  %2:2 = "stablehlo.sort"(%x, %i) <{dimension = 1 : i64, is_stable = true}> ({
  ^bb0(%a: tensor<f32>, %b: tensor<f32>, %c: tensor<i32>, %d: tensor<i32>):
    %p = stablehlo.compare GT, %a, %b, TOTALORDER : (tensor<f32>, tensor<f32>) -> tensor<i1>
    stablehlo.return %p : tensor<i1>
  }) : (tensor<4x8xf32>, tensor<4x8xi32>) -> (tensor<4x8xf32>, tensor<4x8xi32>)
  return %0 : tensor<4x5xf32>
}

//--- generic.mlir
"func.func"() <{function_type = (tensor<4x8xf32>, tensor<4x8xi32>, tensor<4x8xi1>, tensor<f32>, tensor<i32>, tensor<i1>) -> tensor<4xf32>, sym_name = "reduce"}> ({
^bb0(%arg0: tensor<4x8xf32>, %arg1: tensor<4x8xi32>, %arg2: tensor<4x8xi1>, %arg3: tensor<f32>, %arg4: tensor<i32>, %arg5: tensor<i1>):
  %0 = "stablehlo.reduce"(%arg0, %arg3) <{dimensions = array<i64: 1>}> ({
  ^bb0(%arg6: tensor<f32>, %arg7: tensor<f32>):
    %1 = "stablehlo.maximum"(%arg6, %arg7) : (tensor<f32>, tensor<f32>) -> tensor<f32>
    "stablehlo.return"(%1) : (tensor<f32>) -> ()
  }) : (tensor<4x8xf32>, tensor<f32>) -> tensor<4xf32>
  %2 = "stablehlo.reduce"(%arg0, %arg3) <{dimensions = array<i64: 0, 1>}> ({
  ^bb0(%arg8: tensor<f32>, %arg9: tensor<f32>):
    %3 = "stablehlo.add"(%arg8, %arg9) : (tensor<f32>, tensor<f32>) -> tensor<f32>
    "stablehlo.return"(%3) : (tensor<f32>) -> ()
  }) : (tensor<4x8xf32>, tensor<f32>) -> tensor<f32>
  %4 = "stablehlo.reduce"(%arg2, %arg5) <{dimensions = array<i64: 1>}> ({
  ^bb0(%arg10: tensor<i1>, %arg11: tensor<i1>):
    %5 = "stablehlo.and"(%arg10, %arg11) : (tensor<i1>, tensor<i1>) -> tensor<i1>
    "stablehlo.return"(%5) : (tensor<i1>) -> ()
  }) : (tensor<4x8xi1>, tensor<i1>) -> tensor<4xi1>
  %6 = "stablehlo.reduce"(%arg0, %arg3) <{dimensions = array<i64: 1>}> ({
  ^bb0(%arg12: tensor<f32>, %arg13: tensor<f32>):
    %7 = "stablehlo.add"(%arg13, %arg12) : (tensor<f32>, tensor<f32>) -> tensor<f32>
    "stablehlo.return"(%7) : (tensor<f32>) -> ()
  }) : (tensor<4x8xf32>, tensor<f32>) -> tensor<4xf32>
  %8:2 = "stablehlo.reduce"(%arg0, %arg1, %arg3, %arg4) <{dimensions = array<i64: 1>}> ({
  ^bb0(%arg14: tensor<f32>, %arg15: tensor<i32>, %arg16: tensor<f32>, %arg17: tensor<i32>):
    %9 = "stablehlo.compare"(%arg14, %arg16) <{compare_type = #stablehlo<comparison_type FLOAT>, comparison_direction = #stablehlo<comparison_direction GT>}> : (tensor<f32>, tensor<f32>) -> tensor<i1>
    %10 = "stablehlo.select"(%9, %arg14, %arg16) : (tensor<i1>, tensor<f32>, tensor<f32>) -> tensor<f32>
    %11 = "stablehlo.select"(%9, %arg15, %arg17) : (tensor<i1>, tensor<i32>, tensor<i32>) -> tensor<i32>
    "stablehlo.return"(%10, %11) : (tensor<f32>, tensor<i32>) -> ()
  }) : (tensor<4x8xf32>, tensor<4x8xi32>, tensor<f32>, tensor<i32>) -> (tensor<4xf32>, tensor<4xi32>)
  "func.return"(%0) : (tensor<4xf32>) -> ()
}) : () -> ()
"func.func"() <{function_type = (tensor<4x8xf32>, tensor<4x8xi32>, tensor<f32>) -> tensor<4x5xf32>, sym_name = "windows_and_sort"}> ({
^bb0(%arg0: tensor<4x8xf32>, %arg1: tensor<4x8xi32>, %arg2: tensor<f32>):
  %0 = "stablehlo.reduce_window"(%arg0, %arg2) <{padding = dense<[[0, 0], [0, 1]]> : tensor<2x2xi64>, window_dimensions = array<i64: 1, 2>, window_strides = array<i64: 1, 2>}> ({
  ^bb0(%arg3: tensor<f32>, %arg4: tensor<f32>):
    %1 = "stablehlo.maximum"(%arg3, %arg4) : (tensor<f32>, tensor<f32>) -> tensor<f32>
    "stablehlo.return"(%1) : (tensor<f32>) -> ()
  }) : (tensor<4x8xf32>, tensor<f32>) -> tensor<4x5xf32>
  %2 = "stablehlo.select_and_scatter"(%arg0, %0, %arg2) <{padding = dense<[[0, 0], [0, 1]]> : tensor<2x2xi64>, window_dimensions = array<i64: 1, 2>, window_strides = array<i64: 1, 2>}> ({
  ^bb0(%arg5: tensor<f32>, %arg6: tensor<f32>):
    %3 = "stablehlo.compare"(%arg5, %arg6) <{compare_type = #stablehlo<comparison_type FLOAT>, comparison_direction = #stablehlo<comparison_direction GE>}> : (tensor<f32>, tensor<f32>) -> tensor<i1>
    "stablehlo.return"(%3) : (tensor<i1>) -> ()
  }, {
  ^bb0(%arg7: tensor<f32>, %arg8: tensor<f32>):
    %4 = "stablehlo.add"(%arg7, %arg8) : (tensor<f32>, tensor<f32>) -> tensor<f32>
    "stablehlo.return"(%4) : (tensor<f32>) -> ()
  }) : (tensor<4x8xf32>, tensor<4x5xf32>, tensor<f32>) -> tensor<4x8xf32>
  %5:2 = "stablehlo.sort"(%arg0, %arg1) <{dimension = 1 : i64, is_stable = true}> ({
  ^bb0(%arg9: tensor<f32>, %arg10: tensor<f32>, %arg11: tensor<i32>, %arg12: tensor<i32>):
    %6 = "stablehlo.compare"(%arg9, %arg10) <{compare_type = #stablehlo<comparison_type TOTALORDER>, comparison_direction = #stablehlo<comparison_direction GT>}> : (tensor<f32>, tensor<f32>) -> tensor<i1>
    "stablehlo.return"(%6) : (tensor<i1>) -> ()
  }) : (tensor<4x8xf32>, tensor<4x8xi32>) -> (tensor<4x8xf32>, tensor<4x8xi32>)
  "func.return"(%0) : (tensor<4x5xf32>) -> ()
}) : () -> ()
