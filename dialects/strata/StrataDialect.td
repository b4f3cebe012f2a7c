//===- StrataDialect.td - The strata dialect declaration ----*- tablegen -*-===//

#ifndef STRATA_DIALECT_TD
#define STRATA_DIALECT_TD

include "mlir/IR/OpBase.td"

def Strata_Dialect : Dialect {
  let name = "strata";
  let cppNamespace = "::mlir::strata";
  let summary = "Memory-aware ML graphs, memory plans and collectives";
  let description = [{
    The `strata` dialect carries a model's training or inference step from
    import to code generation. It has three groups of operations:

    * graph ops (`StrataGraphOps.td`): the model, as ops on tensors with value
      semantics, close to StableHLO in meaning;
    * memory and schedule ops (`StrataMemoryOps.td`): what the memory planner
      decided (offload to a slower tier, prefetch back, wait, free, recompute,
      placement in an arena), written into the IR so that every decision can be
      read, written by hand, verified and executed;
    * distribution ops (`StrataCollectiveOps.td`): collectives across devices.

    The machine a plan targets is data: `#strata.machine`, usually loaded from
    a JSON profile under `machines/`. A tensor that lives in a tier other than
    the GPU's HBM carries that tier as its encoding, e.g.
    `tensor<1024xf32, #strata.tier<host>>`; graph ops only accept tensors in
    HBM, so a use of an offloaded tensor without a prefetch does not verify.
  }];
  let useDefaultTypePrinterParser = 1;
  let useDefaultAttributePrinterParser = 1;
  let hasConstantMaterializer = 1;
  let dependentDialects = ["::mlir::func::FuncDialect"];
  let extraClassDeclaration = [{
  private:
    void registerAttributes();
    void registerTypes();
  public:
  }];
}

class Strata_Op<string mnemonic, list<Trait> traits = []>
    : Op<Strata_Dialect, mnemonic, traits>;

#endif // STRATA_DIALECT_TD
