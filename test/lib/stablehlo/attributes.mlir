// The attributes of the stablehlo input dialect: struct fields in any order
// and left out when empty, enum attributes, and both forms of the
// convolution dimension numbers. Printing puts fields in declaration order
// and leaves out empty lists.

// RUN: stablehlo-input-check --print %s | FileCheck %s
// RUN: stablehlo-input-check --print %s | stablehlo-input-check --print | FileCheck %s

// CHECK-LABEL: func.func @field_order
func.func @field_order(%x: tensor<8x4x16xf32>, %y: tensor<8x16x5xf32>) -> tensor<8x4x5xf32> {
  // CHECK-NEXT: stablehlo.dot_general %arg0, %arg1, batching_dims = [0] x [0], contracting_dims = [2] x [1] :
  %0 = "stablehlo.dot_general"(%x, %y) <{dot_dimension_numbers = #stablehlo.dot<
      rhs_contracting_dimensions = [1], lhs_contracting_dimensions = [2],
      rhs_batching_dimensions = [0], lhs_batching_dimensions = [0]>}>
    : (tensor<8x4x16xf32>, tensor<8x16x5xf32>) -> tensor<8x4x5xf32>
  // Empty lists, written or not, are the same attribute.
  // CHECK-NEXT: stablehlo.dot_general %arg0, %arg1, batching_dims = [0] x [0], contracting_dims = [2] x [1], precision = [] :
  %1 = "stablehlo.dot_general"(%x, %y) <{dot_dimension_numbers = #stablehlo.dot<
      lhs_batching_dimensions = [0], rhs_batching_dimensions = [0],
      lhs_contracting_dimensions = [2], rhs_contracting_dimensions = [1]>,
      precision_config = []}>
    : (tensor<8x4x16xf32>, tensor<8x16x5xf32>) -> tensor<8x4x5xf32>
  return %0 : tensor<8x4x5xf32>
}

// CHECK-LABEL: func.func @dimension_numbers
func.func @dimension_numbers(%table: tensor<256x64xf32>, %ids: tensor<8x1xi32>, %upd: tensor<8x64xf32>) -> tensor<256x64xf32> {
  // CHECK-NEXT: #stablehlo.gather<offset_dims = [1], collapsed_slice_dims = [0], start_index_map = [0], index_vector_dim = 1>
  %0 = "stablehlo.gather"(%table, %ids) <{dimension_numbers = #stablehlo.gather<
      index_vector_dim = 1, start_index_map = [0], operand_batching_dims = [],
      collapsed_slice_dims = [0], offset_dims = [1]>,
      slice_sizes = array<i64: 1, 64>}> : (tensor<256x64xf32>, tensor<8x1xi32>) -> tensor<8x64xf32>
  // indices_are_sorted and unique_indices default to false.
  // CHECK-NEXT: "stablehlo.scatter"(%arg0, %arg1, %arg2) <{scatter_dimension_numbers = #stablehlo.scatter<update_window_dims = [1], inserted_window_dims = [0], scatter_dims_to_operand_dims = [0], index_vector_dim = 1>}>
  %1 = "stablehlo.scatter"(%table, %ids, %upd) <{scatter_dimension_numbers = #stablehlo.scatter<
      index_vector_dim = 1, scatter_dims_to_operand_dims = [0],
      inserted_window_dims = [0], update_window_dims = [1]>}> ({
  ^bb0(%a: tensor<f32>, %b: tensor<f32>):
    %2 = stablehlo.add %a, %b : tensor<f32>
    stablehlo.return %2 : tensor<f32>
  }) : (tensor<256x64xf32>, tensor<8x1xi32>, tensor<8x64xf32>) -> tensor<256x64xf32>
  return %1 : tensor<256x64xf32>
}

// CHECK-LABEL: func.func @enums
func.func @enums(%a: tensor<4xf32>, %i: tensor<4xui32>) -> tensor<4xi1> {
  // CHECK-NEXT: stablehlo.compare NE, %arg0, %arg0, TOTALORDER :
  %0 = "stablehlo.compare"(%a, %a) <{comparison_direction = #stablehlo<comparison_direction NE>, compare_type = #stablehlo<comparison_type TOTALORDER>}> : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xi1>
  // CHECK-NEXT: stablehlo.compare GT, %arg1, %arg1, UNSIGNED :
  %1 = "stablehlo.compare"(%i, %i) <{comparison_direction = #stablehlo<comparison_direction GT>, compare_type = #stablehlo<comparison_type UNSIGNED>}> : (tensor<4xui32>, tensor<4xui32>) -> tensor<4xi1>
  // CHECK-NEXT: stablehlo.compare LE, %arg0, %arg0, NOTYPE :
  %2 = stablehlo.compare LE, %a, %a, NOTYPE : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xi1>
  return %0 : tensor<4xi1>
}

// CHECK-LABEL: func.func @convolution_layouts
func.func @convolution_layouts(%x: tensor<1x3x8x8xf32>, %k: tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32> {
  // The raw form spells every field; it prints in the compact form.
  // CHECK-NEXT: stablehlo.convolution(%arg0, %arg1) dim_numbers = [b, f, 0, 1]x[o, i, 0, 1]->[b, f, 0, 1], window = {stride = [1, 1]} {batch_group_count = 1 : i64, feature_group_count = 1 : i64}
  %0 = "stablehlo.convolution"(%x, %k) <{batch_group_count = 1 : i64,
      dimension_numbers = #stablehlo.conv<raw
        input_batch_dimension = 0, input_feature_dimension = 1,
        input_spatial_dimensions = [2, 3],
        kernel_output_feature_dimension = 0, kernel_input_feature_dimension = 1,
        kernel_spatial_dimensions = [2, 3],
        output_batch_dimension = 0, output_feature_dimension = 1,
        output_spatial_dimensions = [2, 3]>,
      feature_group_count = 1 : i64, window_strides = array<i64: 1, 1>}>
    : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  // Spatial dimensions may come in any order within a layout.
  // CHECK-NEXT: dim_numbers = [b, 1, 0, f]x[i, o, 1, 0]->[b, f, 1, 0], window = {}
  %1 = "stablehlo.convolution"(%x, %k) <{batch_group_count = 1 : i64,
      dimension_numbers = #stablehlo.conv<[b, 1, 0, f]x[i, o, 1, 0]->[b, f, 1, 0]>,
      feature_group_count = 1 : i64}>
    : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return %0 : tensor<1x4x6x6xf32>
}
