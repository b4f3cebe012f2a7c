// Round trip of every graph op of the strata dialect.
//
// 1. custom form -> print -> re-parse -> print, checked;
// 2. generic form -> re-parse -> custom print, checked with the same lines,
//    and the same through bytecode;
// 3. printing is a fixpoint: printing the printed IR changes nothing;
// 4. the generic form shows the result types that the parser inferred for
//    ops whose custom form does not spell them (unary, compare, ...).
//
// Every function returns what it computes, so func.return also checks that
// the (inferred or written) result types are the ones in the signature.

// RUN: strata-opt %s | strata-opt | FileCheck %s
// RUN: strata-opt %s --mlir-print-op-generic | strata-opt | FileCheck %s
// RUN: strata-opt %s --emit-bytecode | strata-opt | FileCheck %s
// RUN: strata-opt %s -o %t.once && strata-opt %t.once -o %t.twice && diff %t.once %t.twice
// RUN: strata-opt %s --mlir-print-op-generic | FileCheck %s --check-prefix=GENERIC

//===----------------------------------------------------------------------===//
// Sources
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @constant
// CHECK: %[[F:.*]] = strata.constant dense<[1.000000e+00, 2.500000e+00]> : tensor<2xf32>
// CHECK: %[[I:.*]] = strata.constant dense<7> : tensor<2x3xi32>
// CHECK: %[[B:.*]] = strata.constant dense<true> : tensor<i1>
// CHECK: %[[H:.*]] = strata.constant dense<{{\[\[}}1.000000e+00, 2.000000e+00], [3.000000e+00, 4.000000e+00]]> : tensor<2x2xbf16>
// CHECK: return %[[F]], %[[I]], %[[B]], %[[H]]
func.func @constant() -> (tensor<2xf32>, tensor<2x3xi32>, tensor<i1>, tensor<2x2xbf16>) {
  %0 = strata.constant dense<[1.0, 2.5]> : tensor<2xf32>
  %1 = strata.constant dense<7> : tensor<2x3xi32>
  %2 = strata.constant dense<true> : tensor<i1>
  %3 = strata.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xbf16>
  return %0, %1, %2, %3 : tensor<2xf32>, tensor<2x3xi32>, tensor<i1>, tensor<2x2xbf16>
}

// CHECK-LABEL: func.func @iota
// CHECK: strata.iota dim = 0 : tensor<4xi64>
// CHECK: strata.iota dim = 1 : tensor<2x3xf32>
// CHECK: strata.iota dim = 2 : tensor<2x3x5xi32>
func.func @iota() -> (tensor<4xi64>, tensor<2x3xf32>, tensor<2x3x5xi32>) {
  %0 = strata.iota dim = 0 : tensor<4xi64>
  %1 = strata.iota dim = 1 : tensor<2x3xf32>
  %2 = strata.iota dim = 2 : tensor<2x3x5xi32>
  return %0, %1, %2 : tensor<4xi64>, tensor<2x3xf32>, tensor<2x3x5xi32>
}

//===----------------------------------------------------------------------===//
// Elementwise
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @unary
// CHECK-SAME: (%[[X:[^:]*]]: tensor<4x8xf32>, %[[N:[^:]*]]: tensor<4xi32>, %[[B:[^:]*]]: tensor<4xi1>, %[[H:[^:]*]]: tensor<bf16>)
// CHECK: %[[EXP:.*]] = strata.unary exp %[[X]] : tensor<4x8xf32>
// CHECK: strata.unary tanh %[[EXP]] : tensor<4x8xf32>
// CHECK: strata.unary rsqrt %{{.*}} : tensor<4x8xf32>
// CHECK: strata.unary logistic %{{.*}} : tensor<4x8xf32>
// CHECK: strata.unary round_even %{{.*}} : tensor<4x8xf32>
// CHECK: strata.unary round_afz %{{.*}} : tensor<4x8xf32>
// CHECK: strata.unary erf %{{.*}} : tensor<4x8xf32>
// CHECK: strata.unary log1p %{{.*}} : tensor<4x8xf32>
// CHECK: %[[SIGN:.*]] = strata.unary sign %{{.*}} : tensor<4x8xf32>
// CHECK: %[[FIN:.*]] = strata.unary is_finite %[[X]] : tensor<4x8xf32>
// CHECK: strata.unary abs %[[N]] : tensor<4xi32>
// CHECK: strata.unary neg %{{.*}} : tensor<4xi32>
// CHECK: strata.unary popcnt %{{.*}} : tensor<4xi32>
// CHECK: %[[CLZ:.*]] = strata.unary clz %{{.*}} : tensor<4xi32>
// CHECK: %[[NOT:.*]] = strata.unary not %[[B]] : tensor<4xi1>
// CHECK: %[[COS:.*]] = strata.unary cos %[[H]] : tensor<bf16>
// CHECK: return %[[SIGN]], %[[FIN]], %[[CLZ]], %[[NOT]], %[[COS]] : tensor<4x8xf32>, tensor<4x8xi1>, tensor<4xi32>, tensor<4xi1>, tensor<bf16>
// GENERIC-LABEL: sym_name = "unary"
// GENERIC: "strata.unary"(%{{.*}}) <{fn = 5 : i32}> : (tensor<4x8xf32>) -> tensor<4x8xf32>
// is_finite maps floats to i1; every other function keeps the type.
// GENERIC: "strata.unary"(%{{.*}}) <{fn = 8 : i32}> : (tensor<4x8xf32>) -> tensor<4x8xi1>
// GENERIC: "strata.unary"(%{{.*}}) <{fn = 0 : i32}> : (tensor<4xi32>) -> tensor<4xi32>
// GENERIC: "strata.unary"(%{{.*}}) <{fn = 13 : i32}> : (tensor<4xi1>) -> tensor<4xi1>
// GENERIC: "strata.unary"(%{{.*}}) <{fn = 3 : i32}> : (tensor<bf16>) -> tensor<bf16>
func.func @unary(%x: tensor<4x8xf32>, %n: tensor<4xi32>, %b: tensor<4xi1>,
                 %h: tensor<bf16>)
    -> (tensor<4x8xf32>, tensor<4x8xi1>, tensor<4xi32>, tensor<4xi1>, tensor<bf16>) {
  %0 = strata.unary exp %x : tensor<4x8xf32>
  %1 = strata.unary tanh %0 : tensor<4x8xf32>
  %2 = strata.unary rsqrt %1 : tensor<4x8xf32>
  %3 = strata.unary logistic %2 : tensor<4x8xf32>
  %4 = strata.unary round_even %3 : tensor<4x8xf32>
  %5 = strata.unary round_afz %4 : tensor<4x8xf32>
  %6 = strata.unary erf %5 : tensor<4x8xf32>
  %7 = strata.unary log1p %6 : tensor<4x8xf32>
  %8 = strata.unary sign %7 : tensor<4x8xf32>
  %9 = strata.unary is_finite %x : tensor<4x8xf32>
  %10 = strata.unary abs %n : tensor<4xi32>
  %11 = strata.unary neg %10 : tensor<4xi32>
  %12 = strata.unary popcnt %11 : tensor<4xi32>
  %13 = strata.unary clz %12 : tensor<4xi32>
  %14 = strata.unary not %b : tensor<4xi1>
  %15 = strata.unary cos %h : tensor<bf16>
  return %8, %9, %13, %14, %15
      : tensor<4x8xf32>, tensor<4x8xi1>, tensor<4xi32>, tensor<4xi1>, tensor<bf16>
}

// CHECK-LABEL: func.func @binary
// CHECK-SAME: (%[[X:[^:]*]]: tensor<4x8xf32>, %[[Y:[^:]*]]: tensor<4x8xf32>, %[[N:[^:]*]]: tensor<4xi32>, %[[B:[^:]*]]: tensor<4xi1>)
// CHECK: %[[ADD:.*]] = strata.binary add %[[X]], %[[Y]] : tensor<4x8xf32>
// CHECK: %[[ATAN:.*]] = strata.binary atan2 %[[ADD]], %[[Y]] : tensor<4x8xf32>
// CHECK: strata.binary max %[[ATAN]], %[[X]] : tensor<4x8xf32>
// CHECK: strata.binary pow %[[N]], %[[N]] : tensor<4xi32>
// CHECK: strata.binary shr_logical %{{.*}}, %[[N]] : tensor<4xi32>
// CHECK: strata.binary rem %{{.*}}, %[[N]] : tensor<4xi32>
// CHECK: strata.binary and %[[B]], %[[B]] : tensor<4xi1>
// CHECK: strata.binary xor %{{.*}}, %[[B]] : tensor<4xi1>
func.func @binary(%x: tensor<4x8xf32>, %y: tensor<4x8xf32>, %n: tensor<4xi32>,
                  %b: tensor<4xi1>) -> (tensor<4x8xf32>, tensor<4xi32>, tensor<4xi1>) {
  %0 = strata.binary add %x, %y : tensor<4x8xf32>
  %1 = strata.binary atan2 %0, %y : tensor<4x8xf32>
  %2 = strata.binary max %1, %x : tensor<4x8xf32>
  %3 = strata.binary pow %n, %n : tensor<4xi32>
  %4 = strata.binary shr_logical %3, %n : tensor<4xi32>
  %5 = strata.binary rem %4, %n : tensor<4xi32>
  %6 = strata.binary and %b, %b : tensor<4xi1>
  %7 = strata.binary xor %6, %b : tensor<4xi1>
  return %2, %5, %7 : tensor<4x8xf32>, tensor<4xi32>, tensor<4xi1>
}

// CHECK-LABEL: func.func @compare
// CHECK: strata.compare lt %{{.*}}, %{{.*}} : tensor<4x8xf32>
// CHECK: strata.compare eq %{{.*}}, %{{.*}} : tensor<4xi32>
// CHECK: strata.compare ge %{{.*}}, %{{.*}} : tensor<f32>
// GENERIC-LABEL: sym_name = "compare"
// GENERIC: "strata.compare"(%{{.*}}, %{{.*}}) <{direction = 2 : i32}> : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x8xi1>
// GENERIC: "strata.compare"(%{{.*}}, %{{.*}}) <{direction = 0 : i32}> : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi1>
// GENERIC: "strata.compare"(%{{.*}}, %{{.*}}) <{direction = 5 : i32}> : (tensor<f32>, tensor<f32>) -> tensor<i1>
func.func @compare(%x: tensor<4x8xf32>, %y: tensor<4x8xf32>, %n: tensor<4xi32>,
                   %s: tensor<f32>) -> (tensor<4x8xi1>, tensor<4xi1>, tensor<i1>) {
  %0 = strata.compare lt %x, %y : tensor<4x8xf32>
  %1 = strata.compare eq %n, %n : tensor<4xi32>
  %2 = strata.compare ge %s, %s : tensor<f32>
  return %0, %1, %2 : tensor<4x8xi1>, tensor<4xi1>, tensor<i1>
}

// CHECK-LABEL: func.func @select
// CHECK-SAME: (%[[M:[^:]*]]: tensor<4x8xi1>, %[[P:[^:]*]]: tensor<i1>, %[[X:[^:]*]]: tensor<4x8xf32>, %[[Y:[^:]*]]: tensor<4x8xf32>)
// CHECK: %[[S:.*]] = strata.select %[[M]], %[[X]], %[[Y]] : tensor<4x8xi1>, tensor<4x8xf32>
// A rank-0 predicate chooses for every element.
// CHECK: strata.select %[[P]], %[[S]], %[[Y]] : tensor<i1>, tensor<4x8xf32>
func.func @select(%m: tensor<4x8xi1>, %p: tensor<i1>, %x: tensor<4x8xf32>,
                  %y: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %0 = strata.select %m, %x, %y : tensor<4x8xi1>, tensor<4x8xf32>
  %1 = strata.select %p, %0, %y : tensor<i1>, tensor<4x8xf32>
  return %1 : tensor<4x8xf32>
}

// CHECK-LABEL: func.func @clamp
// CHECK-SAME: (%[[LO:[^:]*]]: tensor<f32>, %[[X:[^:]*]]: tensor<8xf32>, %[[HI:[^:]*]]: tensor<8xf32>)
// CHECK: %[[A:.*]] = strata.clamp %[[LO]], %[[X]], %[[LO]] : tensor<f32>, tensor<8xf32>, tensor<f32>
// CHECK: %[[B:.*]] = strata.clamp %[[X]], %[[A]], %[[HI]] : tensor<8xf32>, tensor<8xf32>, tensor<8xf32>
// CHECK: strata.clamp %[[LO]], %[[B]], %[[HI]] : tensor<f32>, tensor<8xf32>, tensor<8xf32>
func.func @clamp(%lo: tensor<f32>, %x: tensor<8xf32>, %hi: tensor<8xf32>) -> tensor<8xf32> {
  %0 = strata.clamp %lo, %x, %lo : tensor<f32>, tensor<8xf32>, tensor<f32>
  %1 = strata.clamp %x, %0, %hi : tensor<8xf32>, tensor<8xf32>, tensor<8xf32>
  %2 = strata.clamp %lo, %1, %hi : tensor<f32>, tensor<8xf32>, tensor<8xf32>
  return %2 : tensor<8xf32>
}

// CHECK-LABEL: func.func @convert
// CHECK: strata.convert %{{.*}} : tensor<4xf32> -> tensor<4xbf16>
// CHECK: strata.convert %{{.*}} : tensor<4xf32> -> tensor<4xi32>
// CHECK: strata.convert %{{.*}} : tensor<4xi32> -> tensor<4xi1>
// CHECK: strata.convert %{{.*}} : tensor<f16> -> tensor<f64>
func.func @convert(%x: tensor<4xf32>, %h: tensor<f16>)
    -> (tensor<4xbf16>, tensor<4xi1>, tensor<f64>) {
  %0 = strata.convert %x : tensor<4xf32> -> tensor<4xbf16>
  %1 = strata.convert %x : tensor<4xf32> -> tensor<4xi32>
  %2 = strata.convert %1 : tensor<4xi32> -> tensor<4xi1>
  %3 = strata.convert %h : tensor<f16> -> tensor<f64>
  return %0, %2, %3 : tensor<4xbf16>, tensor<4xi1>, tensor<f64>
}

//===----------------------------------------------------------------------===//
// Contractions
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @dot
// A batched matrix product [b, m, k] x [b, k, n] -> [b, m, n].
// CHECK: strata.dot %{{.*}}, %{{.*}}, batching_dims = [0] x [0], contracting_dims = [2] x [1] : (tensor<8x64x32xf32>, tensor<8x32x16xf32>) -> tensor<8x64x16xf32>
// A plain matrix product: no batching dimensions.
// CHECK: strata.dot %{{.*}}, %{{.*}}, batching_dims = [] x [], contracting_dims = [1] x [0] : (tensor<4x8xf32>, tensor<8x16xf32>) -> tensor<4x16xf32>
// Contracting lhs dimension 0 (a transposed lhs); bf16 products into f32.
// CHECK: strata.dot %{{.*}}, %{{.*}}, batching_dims = [] x [], contracting_dims = [0] x [0] : (tensor<8x4xbf16>, tensor<8x16xbf16>) -> tensor<4x16xf32>
// Two contracting dimensions.
// CHECK: strata.dot %{{.*}}, %{{.*}}, batching_dims = [] x [], contracting_dims = [1, 2] x [0, 1] : (tensor<2x3x4xf32>, tensor<3x4x5xf32>) -> tensor<2x5xf32>
// A vector inner product gives a rank-0 result; i8 products into i32.
// CHECK: strata.dot %{{.*}}, %{{.*}}, batching_dims = [] x [], contracting_dims = [0] x [0] : (tensor<8xi8>, tensor<8xi8>) -> tensor<i32>
// Batch dimension in the middle of rhs; the result puts batch dimensions first.
// CHECK: strata.dot %{{.*}}, %{{.*}}, batching_dims = [1] x [2], contracting_dims = [2] x [0] : (tensor<5x3x7xf32>, tensor<7x6x3xf32>) -> tensor<3x5x6xf32>
func.func @dot(%a: tensor<8x64x32xf32>, %b: tensor<8x32x16xf32>,
               %c: tensor<4x8xf32>, %d: tensor<8x16xf32>,
               %e: tensor<8x4xbf16>, %f: tensor<8x16xbf16>,
               %g: tensor<2x3x4xf32>, %h: tensor<3x4x5xf32>,
               %i: tensor<8xi8>, %j: tensor<5x3x7xf32>, %k: tensor<7x6x3xf32>)
    -> (tensor<8x64x16xf32>, tensor<4x16xf32>, tensor<4x16xf32>, tensor<2x5xf32>,
        tensor<i32>, tensor<3x5x6xf32>) {
  %0 = strata.dot %a, %b, batching_dims = [0] x [0], contracting_dims = [2] x [1]
       : (tensor<8x64x32xf32>, tensor<8x32x16xf32>) -> tensor<8x64x16xf32>
  %1 = strata.dot %c, %d, batching_dims = [] x [], contracting_dims = [1] x [0]
       : (tensor<4x8xf32>, tensor<8x16xf32>) -> tensor<4x16xf32>
  %2 = strata.dot %e, %f, batching_dims = [] x [], contracting_dims = [0] x [0]
       : (tensor<8x4xbf16>, tensor<8x16xbf16>) -> tensor<4x16xf32>
  %3 = strata.dot %g, %h, batching_dims = [] x [], contracting_dims = [1, 2] x [0, 1]
       : (tensor<2x3x4xf32>, tensor<3x4x5xf32>) -> tensor<2x5xf32>
  %4 = strata.dot %i, %i, batching_dims = [] x [], contracting_dims = [0] x [0]
       : (tensor<8xi8>, tensor<8xi8>) -> tensor<i32>
  %5 = strata.dot %j, %k, batching_dims = [1] x [2], contracting_dims = [2] x [0]
       : (tensor<5x3x7xf32>, tensor<7x6x3xf32>) -> tensor<3x5x6xf32>
  return %0, %1, %2, %3, %4, %5 : tensor<8x64x16xf32>, tensor<4x16xf32>,
      tensor<4x16xf32>, tensor<2x5xf32>, tensor<i32>, tensor<3x5x6xf32>
}

// CHECK-LABEL: func.func @convolution
// NCHW input, OIHW kernel: 3x3 window dilated by 2 (5x5), stride 2, padding 1,
// two feature groups: (9 + 2 - 5) / 2 + 1 = 4.
// CHECK: strata.convolution %{{.*}}, %{{.*}} {batch_group_count = 1 : i64, feature_group_count = 2 : i64, input_dims = array<i64: 0, 1, 2, 3>, kernel_dims = array<i64: 0, 1, 2, 3>, lhs_dilation = array<i64: 1, 1>, output_dims = array<i64: 0, 1, 2, 3>, padding = array<i64: 1, 1, 1, 1>, rhs_dilation = array<i64: 2, 2>, window_strides = array<i64: 2, 2>} : (tensor<2x4x9x9xf32>, tensor<6x2x3x3xf32>) -> tensor<2x6x4x4xf32>
// NHWC input, HWIO kernel, NHWC output, input dilated by 2 (a transposed
// convolution): (4 * 2 + 1 + 2 - 3) + 1 = 9.
// CHECK: strata.convolution %{{.*}}, %{{.*}} {batch_group_count = 1 : i64, feature_group_count = 1 : i64, input_dims = array<i64: 0, 3, 1, 2>, kernel_dims = array<i64: 3, 2, 0, 1>, lhs_dilation = array<i64: 2, 2>, output_dims = array<i64: 0, 3, 1, 2>, padding = array<i64: 1, 1, 1, 1>, rhs_dilation = array<i64: 1, 1>, window_strides = array<i64: 1, 1>} : (tensor<1x5x5x3xf32>, tensor<3x3x3x8xf32>) -> tensor<1x9x9x8xf32>
// Depthwise: feature_group_count = features.
// CHECK: strata.convolution %{{.*}}, %{{.*}} {{{.*}}feature_group_count = 4 : i64{{.*}}} : (tensor<2x4x9x9xf32>, tensor<4x1x3x3xf32>) -> tensor<2x4x7x7xf32>
// batch_group_count = 2 halves the batch.
// CHECK: strata.convolution %{{.*}}, %{{.*}} {batch_group_count = 2 : i64, feature_group_count = 1 : i64{{.*}}} : (tensor<4x3x5x5xf32>, tensor<6x3x3x3xf32>) -> tensor<2x6x3x3xf32>
// 1-d, with negative padding: (10 - 1 - 2 - 3) + 1 = 5.
// CHECK: strata.convolution %{{.*}}, %{{.*}} {{{.*}}padding = array<i64: -1, -2>{{.*}}} : (tensor<1x1x10xf32>, tensor<1x1x3xf32>) -> tensor<1x1x5xf32>
func.func @convolution(%x: tensor<2x4x9x9xf32>, %w: tensor<6x2x3x3xf32>,
                       %nhwc: tensor<1x5x5x3xf32>, %hwio: tensor<3x3x3x8xf32>,
                       %dw: tensor<4x1x3x3xf32>, %bx: tensor<4x3x5x5xf32>,
                       %bw: tensor<6x3x3x3xf32>, %x1: tensor<1x1x10xf32>,
                       %w1: tensor<1x1x3xf32>)
    -> (tensor<2x6x4x4xf32>, tensor<1x9x9x8xf32>, tensor<2x4x7x7xf32>,
        tensor<2x6x3x3xf32>, tensor<1x1x5xf32>) {
  %0 = strata.convolution %x, %w {input_dims = array<i64: 0, 1, 2, 3>,
         kernel_dims = array<i64: 0, 1, 2, 3>, output_dims = array<i64: 0, 1, 2, 3>,
         window_strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>,
         lhs_dilation = array<i64: 1, 1>, rhs_dilation = array<i64: 2, 2>,
         feature_group_count = 2 : i64, batch_group_count = 1 : i64}
       : (tensor<2x4x9x9xf32>, tensor<6x2x3x3xf32>) -> tensor<2x6x4x4xf32>
  %1 = strata.convolution %nhwc, %hwio {input_dims = array<i64: 0, 3, 1, 2>,
         kernel_dims = array<i64: 3, 2, 0, 1>, output_dims = array<i64: 0, 3, 1, 2>,
         window_strides = array<i64: 1, 1>, padding = array<i64: 1, 1, 1, 1>,
         lhs_dilation = array<i64: 2, 2>, rhs_dilation = array<i64: 1, 1>,
         feature_group_count = 1 : i64, batch_group_count = 1 : i64}
       : (tensor<1x5x5x3xf32>, tensor<3x3x3x8xf32>) -> tensor<1x9x9x8xf32>
  %2 = strata.convolution %x, %dw {input_dims = array<i64: 0, 1, 2, 3>,
         kernel_dims = array<i64: 0, 1, 2, 3>, output_dims = array<i64: 0, 1, 2, 3>,
         window_strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>,
         lhs_dilation = array<i64: 1, 1>, rhs_dilation = array<i64: 1, 1>,
         feature_group_count = 4 : i64, batch_group_count = 1 : i64}
       : (tensor<2x4x9x9xf32>, tensor<4x1x3x3xf32>) -> tensor<2x4x7x7xf32>
  %3 = strata.convolution %bx, %bw {input_dims = array<i64: 0, 1, 2, 3>,
         kernel_dims = array<i64: 0, 1, 2, 3>, output_dims = array<i64: 0, 1, 2, 3>,
         window_strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>,
         lhs_dilation = array<i64: 1, 1>, rhs_dilation = array<i64: 1, 1>,
         feature_group_count = 1 : i64, batch_group_count = 2 : i64}
       : (tensor<4x3x5x5xf32>, tensor<6x3x3x3xf32>) -> tensor<2x6x3x3xf32>
  %4 = strata.convolution %x1, %w1 {input_dims = array<i64: 0, 1, 2>,
         kernel_dims = array<i64: 0, 1, 2>, output_dims = array<i64: 0, 1, 2>,
         window_strides = array<i64: 1>, padding = array<i64: -1, -2>,
         lhs_dilation = array<i64: 1>, rhs_dilation = array<i64: 1>,
         feature_group_count = 1 : i64, batch_group_count = 1 : i64}
       : (tensor<1x1x10xf32>, tensor<1x1x3xf32>) -> tensor<1x1x5xf32>
  return %0, %1, %2, %3, %4 : tensor<2x6x4x4xf32>, tensor<1x9x9x8xf32>,
      tensor<2x4x7x7xf32>, tensor<2x6x3x3xf32>, tensor<1x1x5xf32>
}

//===----------------------------------------------------------------------===//
// Reductions and normalizations
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @reduce
// CHECK: strata.reduce add %{{.*}} dims = [1] : tensor<4x8xf32> -> tensor<4xf32>
// CHECK: strata.reduce max %{{.*}} dims = [0, 2] : tensor<2x3x4xf32> -> tensor<3xf32>
// CHECK: strata.reduce min %{{.*}} dims = [1, 0] : tensor<4x8xi32> -> tensor<i32>
// CHECK: strata.reduce mul %{{.*}} dims = [] : tensor<4x8xf32> -> tensor<4x8xf32>
// CHECK: strata.reduce or %{{.*}} dims = [0] : tensor<4xi1> -> tensor<i1>
func.func @reduce(%x: tensor<4x8xf32>, %y: tensor<2x3x4xf32>, %n: tensor<4x8xi32>,
                  %b: tensor<4xi1>)
    -> (tensor<4xf32>, tensor<3xf32>, tensor<i32>, tensor<4x8xf32>, tensor<i1>) {
  %0 = strata.reduce add %x dims = [1] : tensor<4x8xf32> -> tensor<4xf32>
  %1 = strata.reduce max %y dims = [0, 2] : tensor<2x3x4xf32> -> tensor<3xf32>
  %2 = strata.reduce min %n dims = [1, 0] : tensor<4x8xi32> -> tensor<i32>
  %3 = strata.reduce mul %x dims = [] : tensor<4x8xf32> -> tensor<4x8xf32>
  %4 = strata.reduce or %b dims = [0] : tensor<4xi1> -> tensor<i1>
  return %0, %1, %2, %3, %4
      : tensor<4xf32>, tensor<3xf32>, tensor<i32>, tensor<4x8xf32>, tensor<i1>
}

// CHECK-LABEL: func.func @softmax
// CHECK: %[[P:.*]] = strata.softmax %{{.*}} dim = 1 : tensor<8x256xf32>
// CHECK: strata.softmax %[[P]] dim = 0 : tensor<8x256xf32>
// CHECK: strata.softmax %{{.*}} dim = 2 : tensor<2x3x4xbf16>
func.func @softmax(%x: tensor<8x256xf32>, %y: tensor<2x3x4xbf16>)
    -> (tensor<8x256xf32>, tensor<2x3x4xbf16>) {
  %0 = strata.softmax %x dim = 1 : tensor<8x256xf32>
  %1 = strata.softmax %0 dim = 0 : tensor<8x256xf32>
  %2 = strata.softmax %y dim = 2 : tensor<2x3x4xbf16>
  return %1, %2 : tensor<8x256xf32>, tensor<2x3x4xbf16>
}

// CHECK-LABEL: func.func @layer_norm
// CHECK-SAME: (%[[X:[^:]*]]: tensor<2x4x16xf32>, %[[G:[^:]*]]: tensor<16xf32>, %[[B:[^:]*]]: tensor<16xf32>, %[[G2:[^:]*]]: tensor<4x16xf32>)
// CHECK: %[[Y:.*]] = strata.layer_norm %[[X]], %[[G]], %[[B]] axis = 2 epsilon = 1.000000e-05 : tensor<2x4x16xf32>, tensor<16xf32>
// CHECK: strata.layer_norm %[[Y]], %[[G2]], %[[G2]] axis = 1 epsilon = 1.000000e-03 : tensor<2x4x16xf32>, tensor<4x16xf32>
func.func @layer_norm(%x: tensor<2x4x16xf32>, %g: tensor<16xf32>, %b: tensor<16xf32>,
                      %g2: tensor<4x16xf32>) -> tensor<2x4x16xf32> {
  %0 = strata.layer_norm %x, %g, %b axis = 2 epsilon = 1.0e-05
       : tensor<2x4x16xf32>, tensor<16xf32>
  %1 = strata.layer_norm %0, %g2, %g2 axis = 1 epsilon = 1.0e-03
       : tensor<2x4x16xf32>, tensor<4x16xf32>
  return %1 : tensor<2x4x16xf32>
}

// CHECK-LABEL: func.func @rms_norm
// CHECK: %[[Y:.*]] = strata.rms_norm %{{.*}}, %{{.*}} axis = 1 epsilon = 5.000000e-01 : tensor<16x512xbf16>, tensor<512xbf16>
// Normalizing over every dimension: axis 0.
// CHECK: strata.rms_norm %[[Y]], %{{.*}} axis = 0 epsilon = 1.000000e+00 : tensor<16x512xbf16>, tensor<16x512xbf16>
func.func @rms_norm(%x: tensor<16x512xbf16>, %g: tensor<512xbf16>,
                    %g2: tensor<16x512xbf16>) -> tensor<16x512xbf16> {
  %0 = strata.rms_norm %x, %g axis = 1 epsilon = 0.5 : tensor<16x512xbf16>, tensor<512xbf16>
  %1 = strata.rms_norm %0, %g2 axis = 0 epsilon = 1.0
       : tensor<16x512xbf16>, tensor<16x512xbf16>
  return %1 : tensor<16x512xbf16>
}

//===----------------------------------------------------------------------===//
// Data movement
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @reshape
// CHECK: %[[A:.*]] = strata.reshape %{{.*}} : tensor<4x8xf32> -> tensor<32xf32>
// CHECK: strata.reshape %[[A]] : tensor<32xf32> -> tensor<2x4x4xf32>
// CHECK: strata.reshape %{{.*}} : tensor<1x1xi32> -> tensor<i32>
func.func @reshape(%x: tensor<4x8xf32>, %s: tensor<1x1xi32>)
    -> (tensor<2x4x4xf32>, tensor<i32>) {
  %0 = strata.reshape %x : tensor<4x8xf32> -> tensor<32xf32>
  %1 = strata.reshape %0 : tensor<32xf32> -> tensor<2x4x4xf32>
  %2 = strata.reshape %s : tensor<1x1xi32> -> tensor<i32>
  return %1, %2 : tensor<2x4x4xf32>, tensor<i32>
}

// CHECK-LABEL: func.func @transpose
// CHECK: strata.transpose %{{.*}} perm = [1, 0] : tensor<4x8xf32> -> tensor<8x4xf32>
// CHECK: strata.transpose %{{.*}} perm = [2, 0, 1] : tensor<2x3x4xi32> -> tensor<4x2x3xi32>
func.func @transpose(%x: tensor<4x8xf32>, %y: tensor<2x3x4xi32>)
    -> (tensor<8x4xf32>, tensor<4x2x3xi32>) {
  %0 = strata.transpose %x perm = [1, 0] : tensor<4x8xf32> -> tensor<8x4xf32>
  %1 = strata.transpose %y perm = [2, 0, 1] : tensor<2x3x4xi32> -> tensor<4x2x3xi32>
  return %0, %1 : tensor<8x4xf32>, tensor<4x2x3xi32>
}

// CHECK-LABEL: func.func @broadcast_in_dim
// CHECK: strata.broadcast_in_dim %{{.*}} dims = [1] : tensor<8xf32> -> tensor<4x8xf32>
// CHECK: strata.broadcast_in_dim %{{.*}} dims = [] : tensor<f32> -> tensor<4x8xf32>
// A size-1 dimension repeats.
// CHECK: strata.broadcast_in_dim %{{.*}} dims = [0, 2] : tensor<1x8xf32> -> tensor<4x3x8xf32>
func.func @broadcast_in_dim(%v: tensor<8xf32>, %s: tensor<f32>, %m: tensor<1x8xf32>)
    -> (tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x3x8xf32>) {
  %0 = strata.broadcast_in_dim %v dims = [1] : tensor<8xf32> -> tensor<4x8xf32>
  %1 = strata.broadcast_in_dim %s dims = [] : tensor<f32> -> tensor<4x8xf32>
  %2 = strata.broadcast_in_dim %m dims = [0, 2] : tensor<1x8xf32> -> tensor<4x3x8xf32>
  return %0, %1, %2 : tensor<4x8xf32>, tensor<4x8xf32>, tensor<4x3x8xf32>
}

// CHECK-LABEL: func.func @slice
// CHECK: strata.slice %{{.*}} start = [0, 2] limit = [4, 8] strides = [1, 2] : tensor<4x8xf32> -> tensor<4x3xf32>
// ceil((8 - 1) / 3) = 3 elements: 1, 4, 7.
// CHECK: strata.slice %{{.*}} start = [1] limit = [8] strides = [3] : tensor<10xi32> -> tensor<3xi32>
// An empty slice.
// CHECK: strata.slice %{{.*}} start = [2] limit = [2] strides = [1] : tensor<10xi32> -> tensor<0xi32>
// GENERIC-LABEL: sym_name = "slice"
// GENERIC: "strata.slice"(%{{.*}}) <{limit_indices = array<i64: 4, 8>, start_indices = array<i64: 0, 2>, strides = array<i64: 1, 2>}> : (tensor<4x8xf32>) -> tensor<4x3xf32>
func.func @slice(%x: tensor<4x8xf32>, %v: tensor<10xi32>)
    -> (tensor<4x3xf32>, tensor<3xi32>, tensor<0xi32>) {
  %0 = strata.slice %x start = [0, 2] limit = [4, 8] strides = [1, 2]
       : tensor<4x8xf32> -> tensor<4x3xf32>
  %1 = strata.slice %v start = [1] limit = [8] strides = [3]
       : tensor<10xi32> -> tensor<3xi32>
  %2 = strata.slice %v start = [2] limit = [2] strides = [1]
       : tensor<10xi32> -> tensor<0xi32>
  return %0, %1, %2 : tensor<4x3xf32>, tensor<3xi32>, tensor<0xi32>
}

// CHECK-LABEL: func.func @concatenate
// CHECK-SAME: (%[[A:[^:]*]]: tensor<2x3xf32>, %[[B:[^:]*]]: tensor<2x1xf32>, %[[C:[^:]*]]: tensor<2x4xf32>)
// CHECK: strata.concatenate %[[A]], %[[B]], %[[C]] dim = 1 : (tensor<2x3xf32>, tensor<2x1xf32>, tensor<2x4xf32>) -> tensor<2x8xf32>
// CHECK: strata.concatenate %[[A]], %[[A]] dim = 0 : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<4x3xf32>
// CHECK: strata.concatenate %[[C]] dim = 0 : (tensor<2x4xf32>) -> tensor<2x4xf32>
func.func @concatenate(%a: tensor<2x3xf32>, %b: tensor<2x1xf32>, %c: tensor<2x4xf32>)
    -> (tensor<2x8xf32>, tensor<4x3xf32>, tensor<2x4xf32>) {
  %0 = strata.concatenate %a, %b, %c dim = 1
       : (tensor<2x3xf32>, tensor<2x1xf32>, tensor<2x4xf32>) -> tensor<2x8xf32>
  %1 = strata.concatenate %a, %a dim = 0
       : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<4x3xf32>
  %2 = strata.concatenate %c dim = 0 : (tensor<2x4xf32>) -> tensor<2x4xf32>
  return %0, %1, %2 : tensor<2x8xf32>, tensor<4x3xf32>, tensor<2x4xf32>
}

// CHECK-LABEL: func.func @pad
// 1 + 2 + 3 + 2 * 1 = 8.
// CHECK: strata.pad %{{.*}}, %{{.*}} low = [1] high = [2] interior = [1] : tensor<3xf32>, tensor<f32> -> tensor<8xf32>
// Negative low padding removes an element: -1 + 2 + 5 + 4 * 1 = 10.
// CHECK: strata.pad %{{.*}}, %{{.*}} low = [-1] high = [2] interior = [1] : tensor<5xf32>, tensor<f32> -> tensor<10xf32>
// Per dimension: 1 + 0 + 2 = 3 and -1 + 0 + 3 + 2 * 2 = 6.
// CHECK: strata.pad %{{.*}}, %{{.*}} low = [1, -1] high = [0, 0] interior = [0, 2] : tensor<2x3xi32>, tensor<i32> -> tensor<3x6xi32>
// Negative high padding that removes every element.
// CHECK: strata.pad %{{.*}}, %{{.*}} low = [0] high = [-3] interior = [0] : tensor<3xf32>, tensor<f32> -> tensor<0xf32>
func.func @pad(%x: tensor<3xf32>, %y: tensor<5xf32>, %z: tensor<2x3xi32>,
               %zero: tensor<f32>, %izero: tensor<i32>)
    -> (tensor<8xf32>, tensor<10xf32>, tensor<3x6xi32>, tensor<0xf32>) {
  %0 = strata.pad %x, %zero low = [1] high = [2] interior = [1]
       : tensor<3xf32>, tensor<f32> -> tensor<8xf32>
  %1 = strata.pad %y, %zero low = [-1] high = [2] interior = [1]
       : tensor<5xf32>, tensor<f32> -> tensor<10xf32>
  %2 = strata.pad %z, %izero low = [1, -1] high = [0, 0] interior = [0, 2]
       : tensor<2x3xi32>, tensor<i32> -> tensor<3x6xi32>
  %3 = strata.pad %x, %zero low = [0] high = [-3] interior = [0]
       : tensor<3xf32>, tensor<f32> -> tensor<0xf32>
  return %0, %1, %2, %3 : tensor<8xf32>, tensor<10xf32>, tensor<3x6xi32>, tensor<0xf32>
}

// CHECK-LABEL: func.func @gather
// An embedding lookup: one row of the table per id.
// CHECK: strata.gather %{{.*}}, %{{.*}} {collapsed_slice_dims = array<i64: 0>, index_vector_dim = 1 : i64, offset_dims = array<i64: 1>, operand_batching_dims = array<i64>, slice_sizes = array<i64: 1, 64>, start_index_map = array<i64: 0>, start_indices_batching_dims = array<i64>} : (tensor<256x64xf32>, tensor<16x1xi32>) -> tensor<16x64xf32>
// index_vector_dim = rank of the indices: an implicit index vector of size 1.
// CHECK: strata.gather %{{.*}}, %{{.*}} {{{.*}}index_vector_dim = 1 : i64{{.*}}} : (tensor<256x64xf32>, tensor<16xi64>) -> tensor<16x64xf32>
// A batch of sequences of ids, sorted indices kept.
// CHECK: strata.gather %{{.*}}, %{{.*}} {collapsed_slice_dims = array<i64: 0>, index_vector_dim = 2 : i64, indices_are_sorted = true, offset_dims = array<i64: 2>{{.*}}} : (tensor<256x64xf32>, tensor<4x8x1xi32>) -> tensor<4x8x64xf32>
// Slices that keep a leading dimension (no collapsed dimension), offset first.
// CHECK: strata.gather %{{.*}}, %{{.*}} {collapsed_slice_dims = array<i64>, index_vector_dim = 1 : i64, offset_dims = array<i64: 0, 1>{{.*}}slice_sizes = array<i64: 2, 64>{{.*}}} : (tensor<256x64xf32>, tensor<16x1xi32>) -> tensor<2x64x16xf32>
// GENERIC-LABEL: sym_name = "gather"
// GENERIC: "strata.gather"(%{{.*}}, %{{.*}}) <{collapsed_slice_dims = array<i64: 0>, index_vector_dim = 1 : i64, indices_are_sorted = false, {{.*}}}> : (tensor<256x64xf32>, tensor<16x1xi32>) -> tensor<16x64xf32>
func.func @gather(%table: tensor<256x64xf32>, %ids: tensor<16x1xi32>,
                  %flat: tensor<16xi64>, %seq: tensor<4x8x1xi32>)
    -> (tensor<16x64xf32>, tensor<16x64xf32>, tensor<4x8x64xf32>, tensor<2x64x16xf32>) {
  %0 = strata.gather %table, %ids {offset_dims = array<i64: 1>,
         collapsed_slice_dims = array<i64: 0>,
         operand_batching_dims = array<i64>,
         start_indices_batching_dims = array<i64>,
         start_index_map = array<i64: 0>, index_vector_dim = 1 : i64,
         slice_sizes = array<i64: 1, 64>}
       : (tensor<256x64xf32>, tensor<16x1xi32>) -> tensor<16x64xf32>
  %1 = strata.gather %table, %flat {offset_dims = array<i64: 1>,
         collapsed_slice_dims = array<i64: 0>,
         operand_batching_dims = array<i64>,
         start_indices_batching_dims = array<i64>,
         start_index_map = array<i64: 0>, index_vector_dim = 1 : i64,
         slice_sizes = array<i64: 1, 64>}
       : (tensor<256x64xf32>, tensor<16xi64>) -> tensor<16x64xf32>
  %2 = strata.gather %table, %seq {offset_dims = array<i64: 2>,
         collapsed_slice_dims = array<i64: 0>,
         operand_batching_dims = array<i64>,
         start_indices_batching_dims = array<i64>,
         start_index_map = array<i64: 0>, index_vector_dim = 2 : i64,
         slice_sizes = array<i64: 1, 64>, indices_are_sorted = true}
       : (tensor<256x64xf32>, tensor<4x8x1xi32>) -> tensor<4x8x64xf32>
  %3 = strata.gather %table, %ids {offset_dims = array<i64: 0, 1>,
         collapsed_slice_dims = array<i64>,
         operand_batching_dims = array<i64>,
         start_indices_batching_dims = array<i64>,
         start_index_map = array<i64: 0>, index_vector_dim = 1 : i64,
         slice_sizes = array<i64: 2, 64>}
       : (tensor<256x64xf32>, tensor<16x1xi32>) -> tensor<2x64x16xf32>
  return %0, %1, %2, %3
      : tensor<16x64xf32>, tensor<16x64xf32>, tensor<4x8x64xf32>, tensor<2x64x16xf32>
}

// CHECK-LABEL: func.func @scatter
// CHECK-SAME: (%[[Z:[^:]*]]: tensor<256x64xf32>, %[[IDS:[^:]*]]: tensor<16x1xi32>, %[[G:[^:]*]]: tensor<16x64xf32>)
// With combiner add (the gradient of an embedding lookup).
// CHECK: %[[S:.*]] = strata.scatter %[[Z]], %[[IDS]], %[[G]] {combiner = 0 : i32, index_vector_dim = 1 : i64, input_batching_dims = array<i64>, inserted_window_dims = array<i64: 0>, scatter_dims_to_operand_dims = array<i64: 0>, scatter_indices_batching_dims = array<i64>, update_window_dims = array<i64: 1>} : (tensor<256x64xf32>, tensor<16x1xi32>, tensor<16x64xf32>) -> tensor<256x64xf32>
// Without a combiner: updates replace elements.
// CHECK: strata.scatter %[[S]], %[[IDS]], %[[G]] {index_vector_dim = 1 : i64, input_batching_dims = array<i64>, inserted_window_dims = array<i64: 0>, scatter_dims_to_operand_dims = array<i64: 0>, scatter_indices_batching_dims = array<i64>, unique_indices = true, update_window_dims = array<i64: 1>} : (tensor<256x64xf32>, tensor<16x1xi32>, tensor<16x64xf32>) -> tensor<256x64xf32>
// GENERIC-LABEL: sym_name = "scatter"
// GENERIC: "strata.scatter"(%{{.*}}, %{{.*}}, %{{.*}}) <{combiner = 0 : i32, {{.*}}}>
// GENERIC-NOT: combiner
// GENERIC: "strata.scatter"(%{{.*}}, %{{.*}}, %{{.*}}) <{index_vector_dim = 1 : i64, indices_are_sorted = false, {{.*}}unique_indices = true, {{.*}}}>
func.func @scatter(%zeros: tensor<256x64xf32>, %ids: tensor<16x1xi32>,
                   %grads: tensor<16x64xf32>) -> tensor<256x64xf32> {
  %0 = strata.scatter %zeros, %ids, %grads {combiner = 0 : i32,
         update_window_dims = array<i64: 1>,
         inserted_window_dims = array<i64: 0>,
         input_batching_dims = array<i64>,
         scatter_indices_batching_dims = array<i64>,
         scatter_dims_to_operand_dims = array<i64: 0>,
         index_vector_dim = 1 : i64}
       : (tensor<256x64xf32>, tensor<16x1xi32>, tensor<16x64xf32>) -> tensor<256x64xf32>
  %1 = strata.scatter %0, %ids, %grads {
         update_window_dims = array<i64: 1>,
         inserted_window_dims = array<i64: 0>,
         input_batching_dims = array<i64>,
         scatter_indices_batching_dims = array<i64>,
         scatter_dims_to_operand_dims = array<i64: 0>,
         index_vector_dim = 1 : i64, unique_indices = true}
       : (tensor<256x64xf32>, tensor<16x1xi32>, tensor<16x64xf32>) -> tensor<256x64xf32>
  return %1 : tensor<256x64xf32>
}
