// rng_bit_generator draws Threefry-2x32-20 blocks: from state (key 0,
// counter 0) the first block is the Random123 known answer (0x6b200159,
// 0x99ba4efe), and the counter advances by the blocks drawn.
// REQUIRES: numpy
// RUN: rm -rf %t && mkdir -p %t/in %t/ref
// RUN: %numpy_python -c "import numpy as np; np.save('%t/in/arg0.npy', np.array([0, 0], dtype=np.uint64)); np.save('%t/ref/result0.npy', np.array([0, 1], dtype=np.uint64)); np.save('%t/ref/result1.npy', np.array([0x6b200159, 0x99ba4efe], dtype=np.uint32))"
// RUN: strata-translate --import-stablehlo %s -o %t/step.mlir
// RUN: FileCheck %s --check-prefix=IMPORT --input-file %t/step.mlir
// RUN: strata-run --backend=cpu %t/step.mlir --inputs %t/in --expect %t/ref | FileCheck %s

// IMPORT: strata.rng_bit_generator %arg0 : tensor<2xui64> -> tensor<2xui32>
// CHECK: result 0: u64[2] ok
// CHECK: result 1: u32[2] ok
func.func @main(%s: tensor<2xui64>) -> (tensor<2xui64>, tensor<2xui32>) {
  %state, %bits = stablehlo.rng_bit_generator %s, algorithm = THREE_FRY : (tensor<2xui64>) -> (tensor<2xui64>, tensor<2xui32>)
  return %state, %bits : tensor<2xui64>, tensor<2xui32>
}
