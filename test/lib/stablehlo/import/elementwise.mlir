// StableHLO elementwise ops become strata.unary / binary / compare / select /
// clamp / convert, from the pretty spelling and from the generic one.
// RUN: strata-translate --import-stablehlo %s | FileCheck %s
// RUN: stablehlo-input-check --print --mlir-print-op-generic %s | strata-translate --import-stablehlo | FileCheck %s

// CHECK-LABEL: func.func @unary
func.func @unary(%x: tensor<4xf32>, %i: tensor<4xi32>) -> (tensor<4xf32>, tensor<4xi32>, tensor<4xi1>) {
  // CHECK: strata.unary abs %arg0
  %0 = stablehlo.abs %x : tensor<4xf32>
  // CHECK: strata.unary cbrt
  %1 = stablehlo.cbrt %0 : tensor<4xf32>
  // CHECK: strata.unary ceil
  %2 = stablehlo.ceil %1 : tensor<4xf32>
  // CHECK: strata.unary cos
  %3 = stablehlo.cosine %2 : tensor<4xf32>
  // CHECK: strata.unary exp
  %4 = stablehlo.exponential %3 : tensor<4xf32>
  // CHECK: strata.unary expm1
  %5 = stablehlo.exponential_minus_one %4 : tensor<4xf32>
  // CHECK: strata.unary floor
  %6 = stablehlo.floor %5 : tensor<4xf32>
  // CHECK: strata.unary log
  %7 = stablehlo.log %6 : tensor<4xf32>
  // CHECK: strata.unary log1p
  %8 = stablehlo.log_plus_one %7 : tensor<4xf32>
  // CHECK: strata.unary logistic
  %9 = stablehlo.logistic %8 : tensor<4xf32>
  // CHECK: strata.unary neg
  %10 = stablehlo.negate %9 : tensor<4xf32>
  // CHECK: strata.unary round_afz
  %11 = stablehlo.round_nearest_afz %10 : tensor<4xf32>
  // CHECK: strata.unary round_even
  %12 = stablehlo.round_nearest_even %11 : tensor<4xf32>
  // CHECK: strata.unary rsqrt
  %13 = stablehlo.rsqrt %12 : tensor<4xf32>
  // CHECK: strata.unary sign
  %14 = stablehlo.sign %13 : tensor<4xf32>
  // CHECK: strata.unary sin
  %15 = stablehlo.sine %14 : tensor<4xf32>
  // CHECK: strata.unary sqrt
  %16 = stablehlo.sqrt %15 : tensor<4xf32>
  // CHECK: strata.unary tan
  %17 = stablehlo.tan %16 : tensor<4xf32>
  // CHECK: strata.unary tanh
  %18 = stablehlo.tanh %17 : tensor<4xf32>
  // CHECK: strata.unary not %arg1
  %19 = stablehlo.not %i : tensor<4xi32>
  // CHECK: strata.unary popcnt
  %20 = stablehlo.popcnt %19 : tensor<4xi32>
  // CHECK: strata.unary clz
  %21 = stablehlo.count_leading_zeros %20 : tensor<4xi32>
  // CHECK: strata.unary is_finite {{.*}} : tensor<4xf32>
  %22 = stablehlo.is_finite %18 : (tensor<4xf32>) -> tensor<4xi1>
  return %18, %21, %22 : tensor<4xf32>, tensor<4xi32>, tensor<4xi1>
}

// CHECK-LABEL: func.func @binary
func.func @binary(%x: tensor<4xf32>, %i: tensor<4xi32>, %p: tensor<4xi1>) -> (tensor<4xf32>, tensor<4xi32>, tensor<4xi1>) {
  // CHECK: strata.binary add
  %0 = stablehlo.add %x, %x : tensor<4xf32>
  // CHECK: strata.binary sub
  %1 = stablehlo.subtract %0, %x : tensor<4xf32>
  // CHECK: strata.binary mul
  %2 = stablehlo.multiply %1, %x : tensor<4xf32>
  // CHECK: strata.binary div
  %3 = stablehlo.divide %2, %x : tensor<4xf32>
  // CHECK: strata.binary rem
  %4 = stablehlo.remainder %3, %x : tensor<4xf32>
  // CHECK: strata.binary pow
  %5 = stablehlo.power %4, %x : tensor<4xf32>
  // CHECK: strata.binary max
  %6 = stablehlo.maximum %5, %x : tensor<4xf32>
  // CHECK: strata.binary min
  %7 = stablehlo.minimum %6, %x : tensor<4xf32>
  // CHECK: strata.binary atan2
  %8 = stablehlo.atan2 %7, %x : tensor<4xf32>
  // CHECK: strata.binary and %arg1
  %9 = stablehlo.and %i, %i : tensor<4xi32>
  // CHECK: strata.binary or
  %10 = stablehlo.or %9, %i : tensor<4xi32>
  // CHECK: strata.binary xor
  %11 = stablehlo.xor %10, %i : tensor<4xi32>
  // CHECK: strata.binary shl
  %12 = stablehlo.shift_left %11, %i : tensor<4xi32>
  // CHECK: strata.binary shr_arith
  %13 = stablehlo.shift_right_arithmetic %12, %i : tensor<4xi32>
  // CHECK: strata.binary shr_logical
  %14 = stablehlo.shift_right_logical %13, %i : tensor<4xi32>
  // On booleans, StableHLO's add is or and its multiply is and.
  // CHECK: strata.binary or %arg2, %arg2 : tensor<4xi1>
  %15 = stablehlo.add %p, %p : tensor<4xi1>
  // CHECK: strata.binary and {{.*}} : tensor<4xi1>
  %16 = stablehlo.multiply %15, %p : tensor<4xi1>
  return %8, %14, %16 : tensor<4xf32>, tensor<4xi32>, tensor<4xi1>
}

// CHECK-LABEL: func.func @compare_select
func.func @compare_select(%a: tensor<4xf32>, %b: tensor<4xf32>, %lo: tensor<f32>, %hi: tensor<f32>) -> (tensor<4xf32>, tensor<4xbf16>) {
  // CHECK: strata.compare lt %arg0, %arg1 : tensor<4xf32>
  %0 = stablehlo.compare LT, %a, %b, FLOAT : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xi1>
  // CHECK: strata.compare ge
  %1 = stablehlo.compare GE, %a, %b : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xi1>
  // CHECK: strata.select %{{.*}}, %arg0, %arg1 : tensor<4xi1>, tensor<4xf32>
  %2 = stablehlo.select %0, %a, %b : tensor<4xi1>, tensor<4xf32>
  // CHECK: strata.clamp %arg2, {{.*}}, %arg3 : tensor<f32>, tensor<4xf32>, tensor<f32>
  %3 = stablehlo.clamp %lo, %2, %hi : (tensor<f32>, tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  // CHECK: strata.convert {{.*}} : tensor<4xf32> -> tensor<4xbf16>
  %4 = stablehlo.convert %3 : (tensor<4xf32>) -> tensor<4xbf16>
  return %3, %4 : tensor<4xf32>, tensor<4xbf16>
}
