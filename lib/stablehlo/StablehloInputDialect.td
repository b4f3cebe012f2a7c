//===- StablehloInputDialect.td - The stablehlo dialect ----*- tablegen -*-===//
//
// Declares the dialect that reads JAX's StableHLO programs into MLIR. It is
// registered under the name `stablehlo`, so that both spellings JAX writes
// (the pretty form and the generic op form) parse into the same ops.

#ifndef STRATA_STABLEHLO_INPUT_DIALECT_TD
#define STRATA_STABLEHLO_INPUT_DIALECT_TD

include "mlir/IR/OpBase.td"

def StablehloInput_Dialect : Dialect {
  let name = "stablehlo";
  let cppNamespace = "::mlir::strata::shlo";
  let summary = "StableHLO programs as Strata reads them";
  let description = [{
    An input dialect: it carries a StableHLO program (as exported by JAX)
    from the text file to Strata's importer, which converts it to `strata`
    graph ops. It is our own declaration of the subset of StableHLO that
    training and inference steps use, with StableHLO's op names, attribute
    names and assembly syntax, so that the files JAX writes parse unchanged,
    in either spelling:

    * the pretty form (`stablehlo.add %a, %b : tensor<4xf32>`), parsed by
      each op's declarative assembly format;
    * the generic form (`"stablehlo.add"(%a, %b) : (...) -> ...`, inherent
      attributes in `<{...}>`), which MLIR parses for any registered op.

    Verification is deliberately shallow: operand counts, attribute kinds and
    the cheap shape rules (elementwise operands agree in shape, dimension
    lists have the right length). The importer checks what it relies on.
    An op of the `stablehlo` namespace that is not declared here is an
    error naming it ("custom op 'stablehlo.foo' is unknown" in the pretty
    form, "unregistered operation 'stablehlo.foo' found in dialect" in the
    generic form); the dialect does not accept unknown ops.
  }];
  let useDefaultAttributePrinterParser = 1;
  let extraClassDeclaration = [{
  private:
    void registerAttributes();
  public:
  }];
}

class StablehloInput_Op<string mnemonic, list<Trait> traits = []>
    : Op<StablehloInput_Dialect, mnemonic, traits>;

#endif // STRATA_STABLEHLO_INPUT_DIALECT_TD
