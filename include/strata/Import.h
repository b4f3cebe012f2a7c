//===- Import.h - Model importers of the compiler library -----------------===//

#ifndef STRATA_IMPORT_H
#define STRATA_IMPORT_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"

#include <string>

namespace llvm {
class SourceMgr;
} // namespace llvm

namespace mlir {
class DialectRegistry;

namespace strata {

/// Registers what importing StableHLO needs: the stablehlo input dialect,
/// func, strata and the inliner extensions.
void registerStablehloImport(DialectRegistry &registry);

/// Imports a JAX StableHLO module, in its pretty or generic spelling, from
/// the main buffer of `sourceMgr` into strata graph IR: converts every op,
/// inlines the private functions JAX emits and drops them. Returns null
/// after reporting diagnostics through the context when the input cannot be
/// parsed or an op cannot be converted.
OwningOpRef<ModuleOp> importStablehlo(llvm::SourceMgr &sourceMgr,
                                      MLIRContext *context);

/// What an ONNX import may be told beyond the model file.
struct OnnxImportOptions {
  /// Static shapes for graph inputs, by input name. A pin replaces the
  /// input's declared shape; it must keep the rank and every static
  /// dimension. Inputs with dynamic dimensions need one.
  llvm::StringMap<llvm::SmallVector<int64_t>> inputShapes;
  /// Where external data files are looked up; empty means the directory of
  /// the model file.
  std::string externalDataDirectory;
};

/// Parses pins written as `name=8x1024` (one per string; a string may also
/// hold several, separated by commas) into `options`. Returns false and sets
/// `error` on malformed text.
bool parseOnnxInputShapes(llvm::ArrayRef<std::string> pins,
                          OnnxImportOptions &options, std::string &error);

/// Registers what importing ONNX needs: func and strata.
void registerOnnxImport(DialectRegistry &registry);

/// Imports the ONNX model (a serialized ModelProto) in `bytes` into a module
/// holding one function, `@main`, in strata graph IR. `modelPath` names the
/// file in diagnostics and locates external data. Shape-computing
/// subgraphs are evaluated at import, so every tensor has a static shape.
/// Initializers become constants; those whose external data file is missing
/// become trailing arguments marked `strata.absent_weight = "NAME"` (with a
/// warning). Returns null after reporting diagnostics through the context
/// when the file is not a model, an operator or opset is unsupported, or a
/// dimension is dynamic and not pinned.
OwningOpRef<ModuleOp> importOnnx(llvm::StringRef bytes,
                                 llvm::StringRef modelPath,
                                 MLIRContext *context,
                                 const OnnxImportOptions &options = {});

/// As above, reading the model from the main buffer of `sourceMgr` (what
/// mlir-translate hands a translation).
OwningOpRef<ModuleOp> importOnnx(llvm::SourceMgr &sourceMgr,
                                 MLIRContext *context,
                                 const OnnxImportOptions &options = {});

} // namespace strata
} // namespace mlir

#endif // STRATA_IMPORT_H
