// Gather and scatter, which JAX prints in the generic form in both of its
// spellings (as does this dialect): the embedding lookup and its gradient,
// and take_along_axis with batching dimensions, as in gpt2_tiny.

// RUN: split-file %s %t
// RUN: stablehlo-input-check --print %t/pretty.mlir | FileCheck %s
// RUN: stablehlo-input-check --print %t/generic.mlir | FileCheck %s
// RUN: stablehlo-input-check --print %t/pretty.mlir | stablehlo-input-check --print | FileCheck %s

// CHECK-LABEL: func.func @embedding(
// CHECK-NEXT: %0 = "stablehlo.gather"(%arg0, %arg1) <{dimension_numbers = #stablehlo.gather<offset_dims = [2], collapsed_slice_dims = [0], start_index_map = [0], index_vector_dim = 2>, indices_are_sorted = false, slice_sizes = array<i64: 1, 64>}> : (tensor<256x64xf32>, tensor<2x64x1xi32>) -> tensor<2x64x64xf32>
// CHECK-NEXT: %cst = stablehlo.constant dense<0.000000e+00> : tensor<256x64xf32>
// CHECK-NEXT: %1 = "stablehlo.scatter"(%cst, %arg1, %arg2) <{indices_are_sorted = false, scatter_dimension_numbers = #stablehlo.scatter<update_window_dims = [2], inserted_window_dims = [0], scatter_dims_to_operand_dims = [0], index_vector_dim = 2>, unique_indices = false}> ({
// CHECK-NEXT: ^bb0(%arg3: tensor<f32>, %arg4: tensor<f32>):
// CHECK-NEXT: %2 = stablehlo.add %arg3, %arg4 : tensor<f32>
// CHECK-NEXT: stablehlo.return %2 : tensor<f32>
// CHECK-NEXT: }) : (tensor<256x64xf32>, tensor<2x64x1xi32>, tensor<2x64x64xf32>) -> tensor<256x64xf32>
// CHECK-NEXT: return %1 : tensor<256x64xf32>
// CHECK-LABEL: func.func @take_along_axis(
// CHECK-NEXT: %0 = "stablehlo.gather"(%arg0, %arg1) <{dimension_numbers = #stablehlo.gather<collapsed_slice_dims = [2], operand_batching_dims = [0, 1], start_indices_batching_dims = [0, 1], start_index_map = [2], index_vector_dim = 3>, indices_are_sorted = false, slice_sizes = array<i64: 1, 1, 1>}> : (tensor<2x63x256xf32>, tensor<2x63x1x1xi32>) -> tensor<2x63x1xf32>
// CHECK-NEXT: %1 = "stablehlo.scatter"(%arg0, %arg1, %arg2) <{indices_are_sorted = false, scatter_dimension_numbers = #stablehlo.scatter<inserted_window_dims = [2], input_batching_dims = [0, 1], scatter_indices_batching_dims = [0, 1], scatter_dims_to_operand_dims = [2], index_vector_dim = 3>, unique_indices = false}> ({
// CHECK-NEXT: ^bb0(%arg3: tensor<f32>, %arg4: tensor<f32>):
// CHECK-NEXT: stablehlo.return %arg4 : tensor<f32>
// CHECK-NEXT: }) : (tensor<2x63x256xf32>, tensor<2x63x1x1xi32>, tensor<2x63x1xf32>) -> tensor<2x63x256xf32>
// CHECK-NEXT: return %1 : tensor<2x63x256xf32>

//--- pretty.mlir
func.func @embedding(%table: tensor<256x64xf32>, %ids: tensor<2x64x1xi32>, %grad: tensor<2x64x64xf32>) -> tensor<256x64xf32> {
  %0 = "stablehlo.gather"(%table, %ids) <{dimension_numbers = #stablehlo.gather<offset_dims = [2], collapsed_slice_dims = [0], start_index_map = [0], index_vector_dim = 2>, indices_are_sorted = false, slice_sizes = array<i64: 1, 64>}> : (tensor<256x64xf32>, tensor<2x64x1xi32>) -> tensor<2x64x64xf32>
  %cst = stablehlo.constant dense<0.000000e+00> : tensor<256x64xf32>
  %1 = "stablehlo.scatter"(%cst, %ids, %grad) <{indices_are_sorted = false, scatter_dimension_numbers = #stablehlo.scatter<update_window_dims = [2], inserted_window_dims = [0], scatter_dims_to_operand_dims = [0], index_vector_dim = 2>, unique_indices = false}> ({
  ^bb0(%a: tensor<f32>, %b: tensor<f32>):
    %2 = stablehlo.add %a, %b : tensor<f32>
    stablehlo.return %2 : tensor<f32>
  }) : (tensor<256x64xf32>, tensor<2x64x1xi32>, tensor<2x64x64xf32>) -> tensor<256x64xf32>
  return %1 : tensor<256x64xf32>
}

func.func @take_along_axis(%x: tensor<2x63x256xf32>, %idx: tensor<2x63x1x1xi32>, %upd: tensor<2x63x1xf32>) -> tensor<2x63x256xf32> {
  %0 = "stablehlo.gather"(%x, %idx) <{dimension_numbers = #stablehlo.gather<collapsed_slice_dims = [2], operand_batching_dims = [0, 1], start_indices_batching_dims = [0, 1], start_index_map = [2], index_vector_dim = 3>, indices_are_sorted = false, slice_sizes = array<i64: 1, 1, 1>}> : (tensor<2x63x256xf32>, tensor<2x63x1x1xi32>) -> tensor<2x63x1xf32>
  %1 = "stablehlo.scatter"(%x, %idx, %upd) <{indices_are_sorted = false, scatter_dimension_numbers = #stablehlo.scatter<inserted_window_dims = [2], input_batching_dims = [0, 1], scatter_indices_batching_dims = [0, 1], scatter_dims_to_operand_dims = [2], index_vector_dim = 3>, unique_indices = false}> ({
  ^bb0(%a: tensor<f32>, %b: tensor<f32>):
    stablehlo.return %b : tensor<f32>
  }) : (tensor<2x63x256xf32>, tensor<2x63x1x1xi32>, tensor<2x63x1xf32>) -> tensor<2x63x256xf32>
  return %1 : tensor<2x63x256xf32>
}

//--- generic.mlir
"func.func"() <{function_type = (tensor<256x64xf32>, tensor<2x64x1xi32>, tensor<2x64x64xf32>) -> tensor<256x64xf32>, sym_name = "embedding"}> ({
^bb0(%arg0: tensor<256x64xf32>, %arg1: tensor<2x64x1xi32>, %arg2: tensor<2x64x64xf32>):
  %0 = "stablehlo.gather"(%arg0, %arg1) <{dimension_numbers = #stablehlo.gather<offset_dims = [2], collapsed_slice_dims = [0], start_index_map = [0], index_vector_dim = 2>, indices_are_sorted = false, slice_sizes = array<i64: 1, 64>}> : (tensor<256x64xf32>, tensor<2x64x1xi32>) -> tensor<2x64x64xf32>
  %1 = "stablehlo.constant"() <{value = dense<0.000000e+00> : tensor<256x64xf32>}> : () -> tensor<256x64xf32>
  %2 = "stablehlo.scatter"(%1, %arg1, %arg2) <{indices_are_sorted = false, scatter_dimension_numbers = #stablehlo.scatter<update_window_dims = [2], inserted_window_dims = [0], scatter_dims_to_operand_dims = [0], index_vector_dim = 2>, unique_indices = false}> ({
  ^bb0(%arg3: tensor<f32>, %arg4: tensor<f32>):
    %3 = "stablehlo.add"(%arg3, %arg4) : (tensor<f32>, tensor<f32>) -> tensor<f32>
    "stablehlo.return"(%3) : (tensor<f32>) -> ()
  }) : (tensor<256x64xf32>, tensor<2x64x1xi32>, tensor<2x64x64xf32>) -> tensor<256x64xf32>
  "func.return"(%2) : (tensor<256x64xf32>) -> ()
}) : () -> ()
"func.func"() <{function_type = (tensor<2x63x256xf32>, tensor<2x63x1x1xi32>, tensor<2x63x1xf32>) -> tensor<2x63x256xf32>, sym_name = "take_along_axis"}> ({
^bb0(%arg0: tensor<2x63x256xf32>, %arg1: tensor<2x63x1x1xi32>, %arg2: tensor<2x63x1xf32>):
  %0 = "stablehlo.gather"(%arg0, %arg1) <{dimension_numbers = #stablehlo.gather<collapsed_slice_dims = [2], operand_batching_dims = [0, 1], start_indices_batching_dims = [0, 1], start_index_map = [2], index_vector_dim = 3>, indices_are_sorted = false, slice_sizes = array<i64: 1, 1, 1>}> : (tensor<2x63x256xf32>, tensor<2x63x1x1xi32>) -> tensor<2x63x1xf32>
  %1 = "stablehlo.scatter"(%arg0, %arg1, %arg2) <{indices_are_sorted = false, scatter_dimension_numbers = #stablehlo.scatter<inserted_window_dims = [2], input_batching_dims = [0, 1], scatter_indices_batching_dims = [0, 1], scatter_dims_to_operand_dims = [2], index_vector_dim = 3>, unique_indices = false}> ({
  ^bb0(%arg3: tensor<f32>, %arg4: tensor<f32>):
    "stablehlo.return"(%arg4) : (tensor<f32>) -> ()
  }) : (tensor<2x63x256xf32>, tensor<2x63x1x1xi32>, tensor<2x63x1xf32>) -> tensor<2x63x256xf32>
  "func.return"(%1) : (tensor<2x63x256xf32>) -> ()
}) : () -> ()
