// RUN: strata-opt %s --split-input-file --canonicalize | FileCheck %s

// A sum added to an add-scatter into zeros becomes the scatter's operand,
// on either side of the add.
// CHECK-LABEL: func.func @add_of_scatter_into_zeros
// CHECK-NOT:   strata.broadcast_in_dim
// CHECK:       %[[A:.*]] = strata.scatter %arg0, %arg1, %arg2 {combiner = 0 : i32
// CHECK-NEXT:  %[[B:.*]] = strata.scatter %arg0, %arg1, %arg2 {combiner = 0 : i32
// CHECK-NEXT:  return %[[A]], %[[B]]
func.func @add_of_scatter_into_zeros(%x: tensor<16xf32>, %ids: tensor<4x1xi32>, %g: tensor<4xf32>) -> (tensor<16xf32>, tensor<16xf32>) {
  %zero = strata.constant dense<0.0> : tensor<f32>
  %zeros = strata.broadcast_in_dim %zero dims = [] : tensor<f32> -> tensor<16xf32>
  %s = strata.scatter %zeros, %ids, %g {combiner = 0 : i32,
         update_window_dims = array<i64>, inserted_window_dims = array<i64: 0>,
         input_batching_dims = array<i64>, scatter_indices_batching_dims = array<i64>,
         scatter_dims_to_operand_dims = array<i64: 0>, index_vector_dim = 1 : i64}
       : (tensor<16xf32>, tensor<4x1xi32>, tensor<4xf32>) -> tensor<16xf32>
  %a = strata.binary add %x, %s : tensor<16xf32>
  %b = strata.binary add %s, %x : tensor<16xf32>
  return %a, %b : tensor<16xf32>, tensor<16xf32>
}

// -----

// Not when the scatter replaces elements, or scatters into something other
// than zeros: the sum would then differ.
// CHECK-LABEL: func.func @other_scatters_stay
// CHECK-COUNT-2: strata.binary add
func.func @other_scatters_stay(%x: tensor<16xf32>, %ids: tensor<4x1xi32>, %g: tensor<4xf32>) -> (tensor<16xf32>, tensor<16xf32>) {
  %zeros = strata.constant dense<0.0> : tensor<16xf32>
  %ones = strata.constant dense<1.0> : tensor<16xf32>
  %replaced = strata.scatter %zeros, %ids, %g {
         update_window_dims = array<i64>, inserted_window_dims = array<i64: 0>,
         input_batching_dims = array<i64>, scatter_indices_batching_dims = array<i64>,
         scatter_dims_to_operand_dims = array<i64: 0>, index_vector_dim = 1 : i64}
       : (tensor<16xf32>, tensor<4x1xi32>, tensor<4xf32>) -> tensor<16xf32>
  %into_ones = strata.scatter %ones, %ids, %g {combiner = 0 : i32,
         update_window_dims = array<i64>, inserted_window_dims = array<i64: 0>,
         input_batching_dims = array<i64>, scatter_indices_batching_dims = array<i64>,
         scatter_dims_to_operand_dims = array<i64: 0>, index_vector_dim = 1 : i64}
       : (tensor<16xf32>, tensor<4x1xi32>, tensor<4xf32>) -> tensor<16xf32>
  %a = strata.binary add %x, %replaced : tensor<16xf32>
  %b = strata.binary add %x, %into_ones : tensor<16xf32>
  return %a, %b : tensor<16xf32>, tensor<16xf32>
}

// -----

// Integer sums are exact either way.
// CHECK-LABEL: func.func @integer
// CHECK:       strata.scatter %arg0
// CHECK-NOT:   strata.binary
func.func @integer(%x: tensor<16xi32>, %ids: tensor<4x1xi32>, %g: tensor<4xi32>) -> tensor<16xi32> {
  %zeros = strata.constant dense<0> : tensor<16xi32>
  %s = strata.scatter %zeros, %ids, %g {combiner = 0 : i32,
         update_window_dims = array<i64>, inserted_window_dims = array<i64: 0>,
         input_batching_dims = array<i64>, scatter_indices_batching_dims = array<i64>,
         scatter_dims_to_operand_dims = array<i64: 0>, index_vector_dim = 1 : i64}
       : (tensor<16xi32>, tensor<4x1xi32>, tensor<4xi32>) -> tensor<16xi32>
  %a = strata.binary add %s, %x : tensor<16xi32>
  return %a : tensor<16xi32>
}

// -----

// A pad of a pad with the same value is one pad.
// CHECK-LABEL: func.func @pad_of_pad
// CHECK-NEXT:  %[[Z:.*]] = strata.constant dense<0.000000e+00>
// CHECK-NEXT:  %[[P:.*]] = strata.pad %arg0, %[[Z]] low = [0, 0] high = [1, 7] interior = [0, 0] : tensor<7x50xf32>, tensor<f32> -> tensor<8x57xf32>
// CHECK-NEXT:  return %[[P]]
func.func @pad_of_pad(%x: tensor<7x50xf32>) -> tensor<8x57xf32> {
  %zero = strata.constant dense<0.0> : tensor<f32>
  %zero2 = strata.constant dense<0.0> : tensor<f32>
  %a = strata.pad %x, %zero low = [0, 0] high = [1, 0] interior = [0, 0]
       : tensor<7x50xf32>, tensor<f32> -> tensor<8x50xf32>
  %b = strata.pad %a, %zero2 low = [0, 0] high = [0, 7] interior = [0, 0]
       : tensor<8x50xf32>, tensor<f32> -> tensor<8x57xf32>
  return %b : tensor<8x57xf32>
}

// -----

// Not with different values or interior padding.
// CHECK-LABEL: func.func @pads_that_stay
// CHECK-COUNT-4: strata.pad
func.func @pads_that_stay(%x: tensor<7x50xf32>) -> (tensor<8x57xf32>, tensor<8x57xf32>) {
  %zero = strata.constant dense<0.0> : tensor<f32>
  %one = strata.constant dense<1.0> : tensor<f32>
  %a = strata.pad %x, %zero low = [0, 0] high = [1, 0] interior = [0, 0]
       : tensor<7x50xf32>, tensor<f32> -> tensor<8x50xf32>
  %b = strata.pad %a, %one low = [0, 0] high = [0, 7] interior = [0, 0]
       : tensor<8x50xf32>, tensor<f32> -> tensor<8x57xf32>
  %c = strata.pad %x, %zero low = [0, 0] high = [0, 0] interior = [0, 1]
       : tensor<7x50xf32>, tensor<f32> -> tensor<7x99xf32>
  %d = strata.slice %c start = [0, 0] limit = [7, 50] strides = [1, 1] : tensor<7x99xf32> -> tensor<7x50xf32>
  %e = strata.pad %d, %zero low = [0, 0] high = [1, 7] interior = [0, 0]
       : tensor<7x50xf32>, tensor<f32> -> tensor<8x57xf32>
  %f = strata.pad %c, %zero low = [0, 0] high = [1, 0] interior = [0, 0]
       : tensor<7x99xf32>, tensor<f32> -> tensor<8x99xf32>
  %g = strata.slice %f start = [0, 0] limit = [8, 57] strides = [1, 1] : tensor<8x99xf32> -> tensor<8x57xf32>
  return %b, %g : tensor<8x57xf32>, tensor<8x57xf32>
}

// -----

// A scatter that lands one update in each row (cross-entropy's one-hot
// gradient) becomes elementwise work: the update where the row's index
// equals the position along the scattered dimension, added to the operand.
// CHECK-LABEL: func.func @one_hot_scatter
// CHECK-DAG:   %[[ZEROS:.*]] = strata.constant dense<0.000000e+00> : tensor<2x3x5xf32>
// CHECK-DAG:   %[[IDS:.*]] = strata.reshape %arg1 : tensor<2x3x1x1xi32> -> tensor<2x3xi32>
// CHECK-DAG:   %[[IDSB:.*]] = strata.broadcast_in_dim %[[IDS]] dims = [0, 1] : tensor<2x3xi32> -> tensor<2x3x5xi32>
// CHECK-DAG:   %[[POS:.*]] = strata.iota dim = 2 : tensor<2x3x5xi32>
// CHECK:       %[[HIT:.*]] = strata.compare eq %[[POS]], %[[IDSB]] : tensor<2x3x5xi32>
// CHECK:       %[[G:.*]] = strata.reshape %arg2 : tensor<2x3x1xf32> -> tensor<2x3xf32>
// CHECK:       %[[GB:.*]] = strata.broadcast_in_dim %[[G]] dims = [0, 1] : tensor<2x3xf32> -> tensor<2x3x5xf32>
// CHECK:       %[[ONEHOT:.*]] = strata.select %[[HIT]], %[[GB]], %[[ZEROS]]
// CHECK:       %[[SUM:.*]] = strata.binary add %arg0, %[[ONEHOT]]
// CHECK-NOT:   strata.scatter
// CHECK:       return %[[SUM]]
func.func @one_hot_scatter(%x: tensor<2x3x5xf32>, %ids: tensor<2x3x1x1xi32>, %g: tensor<2x3x1xf32>) -> tensor<2x3x5xf32> {
  %s = strata.scatter %x, %ids, %g {combiner = 0 : i32,
         update_window_dims = array<i64>, inserted_window_dims = array<i64: 2>,
         input_batching_dims = array<i64: 0, 1>,
         scatter_indices_batching_dims = array<i64: 0, 1>,
         scatter_dims_to_operand_dims = array<i64: 2>, index_vector_dim = 3 : i64}
       : (tensor<2x3x5xf32>, tensor<2x3x1x1xi32>, tensor<2x3x1xf32>) -> tensor<2x3x5xf32>
  return %s : tensor<2x3x5xf32>
}

// -----

// Into zeros the one-hot itself is the result; a replacing scatter selects
// between the update and the operand.
// CHECK-LABEL: func.func @one_hot_into_zeros_and_replacing
// CHECK:       %[[HIT:.*]] = strata.compare eq
// CHECK:       %[[ONEHOT:.*]] = strata.select %[[HIT]], %{{.*}}, %{{.*}} : tensor<2x5xi1>, tensor<2x5xf32>
// CHECK-NOT:   strata.binary
// CHECK:       %[[REPLACED:.*]] = strata.select %{{.*}}, %{{.*}}, %arg0 : tensor<2x5xi1>, tensor<2x5xf32>
// CHECK-NOT:   strata.scatter
// CHECK:       return %[[ONEHOT]], %[[REPLACED]]
func.func @one_hot_into_zeros_and_replacing(%x: tensor<2x5xf32>, %ids: tensor<2x1xi32>, %g: tensor<2xf32>) -> (tensor<2x5xf32>, tensor<2x5xf32>) {
  %zero = strata.constant dense<0.0> : tensor<f32>
  %zeros = strata.broadcast_in_dim %zero dims = [] : tensor<f32> -> tensor<2x5xf32>
  %a = strata.scatter %zeros, %ids, %g {combiner = 0 : i32,
         update_window_dims = array<i64>, inserted_window_dims = array<i64: 1>,
         input_batching_dims = array<i64: 0>, scatter_indices_batching_dims = array<i64: 0>,
         scatter_dims_to_operand_dims = array<i64: 1>, index_vector_dim = 1 : i64}
       : (tensor<2x5xf32>, tensor<2x1xi32>, tensor<2xf32>) -> tensor<2x5xf32>
  %b = strata.scatter %x, %ids, %g {
         update_window_dims = array<i64>, inserted_window_dims = array<i64: 1>,
         input_batching_dims = array<i64: 0>, scatter_indices_batching_dims = array<i64: 0>,
         scatter_dims_to_operand_dims = array<i64: 1>, index_vector_dim = 1 : i64}
       : (tensor<2x5xf32>, tensor<2x1xi32>, tensor<2xf32>) -> tensor<2x5xf32>
  return %a, %b : tensor<2x5xf32>, tensor<2x5xf32>
}

// -----

// Several updates per row (an embedding's gradient) stay a scatter.
// CHECK-LABEL: func.func @embedding_gradient_stays
// CHECK:       strata.scatter
func.func @embedding_gradient_stays(%ids: tensor<2x3x1xi32>, %g: tensor<2x3x4xf32>) -> tensor<10x4xf32> {
  %zeros = strata.constant dense<0.0> : tensor<10x4xf32>
  %s = strata.scatter %zeros, %ids, %g {combiner = 0 : i32,
         update_window_dims = array<i64: 2>, inserted_window_dims = array<i64: 0>,
         input_batching_dims = array<i64>, scatter_indices_batching_dims = array<i64>,
         scatter_dims_to_operand_dims = array<i64: 0>, index_vector_dim = 2 : i64}
       : (tensor<10x4xf32>, tensor<2x3x1xi32>, tensor<2x3x4xf32>) -> tensor<10x4xf32>
  return %s : tensor<10x4xf32>
}
