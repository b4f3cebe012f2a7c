//===- MipPlanner.cpp - The planning MIP, solved with CBC -----------------===//
//
// The compact formulation. For each tensor, binary variables only at its
// points (production, uses, the steps where a consumer's recomputation may
// read it) and on the segments between them:
//
//   present[k]  in HBM at point k (fixed to 1 at uses and production)
//   kept[k]     kept in HBM across segment k (from point k to k + 1)
//   rc[k], pf[k] restored at point k by recomputation / by prefetch
//   offload     a host copy is made after production
//
//   present[k] <= kept[k-1] + rc[k] + pf[k]      carried or restored
//   kept[k-1] + rc[k] + pf[k] <= 1               never both
//   kept[k] <= present[k], kept[k] <= present[k+1]
//   rc[k] <= present[input at step(k)]           recompute reads inputs
//   pf[k] <= offload;  offload <= kept[j] for segments the copy overlaps
//
// HBM bytes are a running sum: one continuous M[t] per step with
// M[t] - M[t-1] = bytes that start being live at t - bytes that stopped at
// t-1, and M[t] <= budget. Each variable enters two rows, so the model grows
// with the number of points, not with points x steps as a stage-by-node
// formulation does. Copies share the links: per bucket of the schedule,
// the link time of the copies whose windows fall in it must fit in its
// compute time, and what does not is a stall that the objective pays,
// together with the time of every recomputation.

#include "passes/planner/PlanProblem.h"

#include "llvm/ADT/ArrayRef.h"

#include "coin/CbcModel.hpp"
#include "coin/CbcSolver.hpp"
#include "coin/CoinPackedMatrix.hpp"
#include "coin/OsiClpSolverInterface.hpp"

#include <chrono>
#include <cmath>
#include <string>

using namespace mlir::strata::planner;

namespace {

/// A binary decision that may be fixed by the problem's structure.
struct Var {
  int column = -1;
  double fixed = 0;
  static Var constant(double value) { return {-1, value}; }
};

/// Rows and columns in the form OsiClpSolverInterface loads.
class ModelBuilder {
public:
  int addColumn(double lower, double upper, double cost, bool integer,
                std::string name) {
    columnLower.push_back(lower);
    columnUpper.push_back(upper);
    objective.push_back(cost);
    isInteger.push_back(integer);
    names.push_back(std::move(name));
    return columnLower.size() - 1;
  }
  Var addBinary(std::string name, double cost = 0) {
    return {addColumn(0, 1, cost, true, std::move(name)), 0};
  }

  /// lower <= sum(coefficient * var) <= upper, fixed vars moved to the
  /// bounds.
  void addRow(llvm::ArrayRef<std::pair<Var, double>> terms, double lower,
              double upper) {
    int row = rowLower.size();
    double constant = 0;
    bool any = false;
    for (auto [var, coefficient] : terms) {
      if (var.column < 0) {
        constant += coefficient * var.fixed;
        continue;
      }
      rows.push_back(row);
      columns.push_back(var.column);
      values.push_back(coefficient);
      any = true;
    }
    if (!any)
      return;
    rowLower.push_back(lower - constant);
    rowUpper.push_back(upper - constant);
  }
  void addEntry(int row, int column, double value) {
    rows.push_back(row);
    columns.push_back(column);
    values.push_back(value);
  }
  int addEmptyRow(double lower, double upper) {
    rowLower.push_back(lower);
    rowUpper.push_back(upper);
    return rowLower.size() - 1;
  }

  void load(OsiClpSolverInterface &solver) const {
    CoinPackedMatrix matrix(/*colordered=*/false, rows.data(), columns.data(),
                            values.data(), values.size());
    matrix.setDimensions(rowLower.size(), columnLower.size());
    solver.loadProblem(matrix, columnLower.data(), columnUpper.data(),
                       objective.data(), rowLower.data(), rowUpper.data());
    for (size_t column = 0; column < columnLower.size(); ++column) {
      if (isInteger[column])
        solver.setInteger(column);
      solver.setColName(column, names[column]);
    }
  }

  size_t numColumns() const { return columnLower.size(); }
  size_t numRows() const { return rowLower.size(); }
  size_t numNonzeros() const { return values.size(); }
  const std::string &name(int column) const { return names[column]; }

private:
  std::vector<double> columnLower, columnUpper, objective;
  std::vector<bool> isInteger;
  std::vector<std::string> names;
  std::vector<double> rowLower, rowUpper;
  std::vector<int> rows, columns;
  std::vector<double> values;
};

struct TensorVars {
  llvm::SmallVector<Var> present, kept, recompute, prefetch;
  Var offload = Var::constant(0);
};

constexpr double kBytesScale = 1.0 / (1 << 20); // MiB
constexpr double kSecondsScale = 1e6;           // microseconds

double value(const Var &var, const double *solution) {
  return var.column < 0 ? var.fixed : solution[var.column];
}

} // namespace

bool mlir::strata::planner::solveMip(const Problem &problem,
                                     const PointSet &points,
                                     const MipOptions &options, Plan &plan,
                                     SolverReport &report,
                                     Evaluation *evaluated) {
  auto startTime = std::chrono::steady_clock::now();
  ModelBuilder model;
  size_t numTensors = problem.tensors.size();
  int numSteps = problem.numSteps();
  std::vector<TensorVars> vars(numTensors);
  std::string id;

  // Decision variables.
  for (size_t index = 0; index < numTensors; ++index) {
    const Tensor &tensor = problem.tensors[index];
    const auto &tensorPoints = points.points[index];
    TensorVars &tv = vars[index];
    size_t numPoints = tensorPoints.size();
    if (options.freeTensors && !(*options.freeTensors)[index]) {
      // Fixed to the starting plan: constants, not columns.
      const TensorPlan &tp = options.start->tensors[index];
      for (size_t k = 0; k < numPoints; ++k) {
        tv.present.push_back(Var::constant(tp.present[k]));
        tv.recompute.push_back(
            Var::constant(tp.restore[k] == Restore::Recompute));
        tv.prefetch.push_back(
            Var::constant(tp.restore[k] == Restore::Prefetch));
        if (k + 1 < numPoints)
          tv.kept.push_back(Var::constant(tp.kept[k]));
      }
      tv.offload = Var::constant(tp.offload);
      continue;
    }
    size_t lastRequired = 0;
    for (size_t k = 0; k < numPoints; ++k)
      if (tensorPoints[k].required)
        lastRequired = k;
    bool anyPrefetch = false;
    for (size_t k = 0; k < numPoints; ++k) {
      const Point &point = tensorPoints[k];
      id = "t" + std::to_string(index) + "s" + std::to_string(point.step);
      bool withinLife = k <= lastRequired;
      if (point.required || (withinLife && !tensor.mayEvict))
        tv.present.push_back(Var::constant(1));
      else
        tv.present.push_back(model.addBinary("p" + id));
      // A restore, where allowed, at its time in the objective (none when
      // the peak is what is minimized).
      auto restore = [&](bool allowed, const char *prefix, double seconds) {
        if (!allowed)
          return Var::constant(0);
        return model.addBinary(prefix + id, options.minimizePeak
                                                ? 0
                                                : seconds * kSecondsScale);
      };
      tv.recompute.push_back(
          restore(point.mayRecompute, "r", tensor.recomputeSeconds));
      // A free prefetch takes the latest window (see windowStart): it costs
      // what that window cannot hide and the compute its copy slows,
      // beside its share of the links.
      tv.prefetch.push_back(
          restore(point.mayPrefetch, "f",
                  point.prefetchShortfall +
                      tensor.bytes * problem.h2dSlowdownSecondsPerByte));
      anyPrefetch |= point.mayPrefetch;
      if (k + 1 < numPoints) {
        bool noInterior = tensorPoints[k + 1].step == point.step + 1;
        bool bothRequired = tensorPoints[k].required &&
                            tensorPoints[k + 1].required;
        if (k < lastRequired && (!tensor.mayEvict || (noInterior && bothRequired)))
          tv.kept.push_back(Var::constant(1));
        else
          tv.kept.push_back(model.addBinary("k" + id));
      }
    }
    if (anyPrefetch)
      tv.offload = model.addBinary("o" + std::to_string(index),
                                   options.minimizePeak
                                       ? 0
                                       : tensor.bytes *
                                             problem.d2hSlowdownSecondsPerByte *
                                             kSecondsScale);
  }

  // Consistency of each tensor's story.
  for (size_t index = 0; index < numTensors; ++index) {
    const Tensor &tensor = problem.tensors[index];
    const auto &tensorPoints = points.points[index];
    TensorVars &tv = vars[index];
    for (size_t k = 0; k < tensorPoints.size(); ++k) {
      if (k + 1 < tensorPoints.size()) {
        model.addRow({{tv.kept[k], 1}, {tv.present[k], -1}}, -1e30, 0);
        model.addRow({{tv.kept[k], 1}, {tv.present[k + 1], -1}}, -1e30, 0);
        if (tensorPoints[k].step < points.offloadEnd[index])
          model.addRow({{tv.offload, 1}, {tv.kept[k], -1}}, -1e30, 0);
      }
      if (k == 0)
        continue;
      model.addRow({{tv.present[k], 1},
                    {tv.kept[k - 1], -1},
                    {tv.recompute[k], -1},
                    {tv.prefetch[k], -1}},
                   -1e30, 0);
      model.addRow(
          {{tv.kept[k - 1], 1}, {tv.recompute[k], 1}, {tv.prefetch[k], 1}},
          -1e30, 1);
      // Bringing back a tensor that then is not there is never useful, and
      // would be paid for in memory and link time.
      model.addRow(
          {{tv.recompute[k], 1}, {tv.prefetch[k], 1}, {tv.present[k], -1}},
          -1e30, 0);
      model.addRow({{tv.prefetch[k], 1}, {tv.offload, -1}}, -1e30, 0);
      if (tv.recompute[k].column >= 0)
        for (int input : tensor.inputs) {
          const auto &inputPoints = points.points[input];
          auto it = llvm::find_if(inputPoints, [&](const Point &point) {
            return point.step == tensorPoints[k].step;
          });
          if (it == inputPoints.end())
            model.addRow({{tv.recompute[k], 1}}, 0, 0);
          else
            model.addRow({{tv.recompute[k], 1},
                          {vars[input].present[it - inputPoints.begin()], -1}},
                         -1e30, 0);
        }
    }
  }

  // A free prefetch takes the latest window; one fixed by the starting
  // plan keeps that plan's.
  auto windowStart = [&](size_t index, size_t k) {
    const Point &point = points.points[index][k];
    if (options.start && vars[index].prefetch[k].column < 0)
      return options.start->tensors[index].prefetchStart(point, k);
    return point.prefetchStart;
  };

  // A prefetch's window may pass over points where a recomputation could
  // read the tensor: it is absent there (the copy lands in a fresh buffer).
  for (size_t index = 0; index < numTensors; ++index) {
    const auto &tensorPoints = points.points[index];
    TensorVars &tv = vars[index];
    for (size_t k = 1; k < tensorPoints.size(); ++k) {
      if (tv.prefetch[k].column < 0)
        continue;
      int start = windowStart(index, k);
      std::vector<std::pair<Var, double>> terms;
      for (size_t j = k; j-- > 0 && tensorPoints[j].step >= start;)
        terms.push_back({tv.present[j], 1});
      if (terms.empty())
        continue;
      double count = static_cast<double>(terms.size());
      terms.push_back({tv.prefetch[k], count});
      model.addRow(terms, -1e30, count);
    }
  }

  // HBM bytes as a running sum over the steps, or, in a neighbourhood
  // search where few decisions are free, one direct row per step: the
  // chain of running-sum equalities is compact but numerically fragile
  // once most of the model is fixed.
  struct Item {
    Var var;
    double mib;
    int first, last;
  };
  bool directRows = options.freeTensors != nullptr && !options.minimizePeak;
  std::vector<Item> items;
  std::vector<std::vector<std::pair<Var, double>>> starting(numSteps + 1);
  std::vector<double> constantDelta(numSteps + 1, 0);
  auto addItem = [&](Var var, int64_t bytes, int first, int last) {
    if (first > last || bytes == 0)
      return;
    double mib = bytes * kBytesScale;
    if (var.column < 0) {
      constantDelta[first] += mib * var.fixed;
      constantDelta[last + 1] -= mib * var.fixed;
      return;
    }
    if (directRows) {
      items.push_back({var, mib, first, last});
      return;
    }
    starting[first].push_back({var, mib});
    starting[last + 1].push_back({var, -mib});
  };
  for (int step = 0; step < numSteps; ++step)
    addItem(Var::constant(1), problem.stepExtraBytes[step], step, step);
  for (size_t index = 0; index < numTensors; ++index) {
    const Tensor &tensor = problem.tensors[index];
    const auto &tensorPoints = points.points[index];
    TensorVars &tv = vars[index];
    for (size_t k = 0; k < tensorPoints.size(); ++k) {
      const Point &point = tensorPoints[k];
      addItem(tv.present[k], tensor.bytes, point.step, point.step);
      if (k + 1 < tensorPoints.size())
        addItem(tv.kept[k], tensor.bytes, point.step + 1,
                tensorPoints[k + 1].step - 1);
      if (point.mayPrefetch)
        addItem(tv.prefetch[k], tensor.bytes, windowStart(index, k),
                point.step - 1);
    }
  }
  double budgetMiB = problem.budget * kBytesScale;
  int peakColumn = -1;
  if (options.minimizePeak)
    peakColumn = model.addColumn(0, 1e30, 1.0, false, "peak");
  if (directRows) {
    std::vector<int> rowOfStep(numSteps, -1);
    double constant = 0;
    std::vector<double> constantAt(numSteps);
    for (int step = 0; step < numSteps; ++step) {
      constant += constantDelta[step];
      constantAt[step] = constant;
    }
    for (const Item &item : items)
      for (int step = item.first; step <= item.last; ++step) {
        if (rowOfStep[step] < 0)
          rowOfStep[step] =
              model.addEmptyRow(-1e30, budgetMiB - constantAt[step]);
        model.addEntry(rowOfStep[step], item.var.column, item.mib);
      }
  }
  int previousLive = -1;
  for (int step = 0; step < numSteps && !directRows; ++step) {
    int live = model.addColumn(0, options.minimizePeak ? 1e30 : budgetMiB, 0,
                               false, "m" + std::to_string(step));
    // M[t] - M[t-1] - sum(starting at t) = constant change at t.
    int row = model.addEmptyRow(constantDelta[step], constantDelta[step]);
    model.addEntry(row, live, 1);
    if (previousLive >= 0)
      model.addEntry(row, previousLive, -1);
    for (auto [var, mib] : starting[step])
      model.addEntry(row, var.column, -mib);
    if (peakColumn >= 0) {
      int bound = model.addEmptyRow(-1e30, 0);
      model.addEntry(bound, live, 1);
      model.addEntry(bound, peakColumn, -1);
    }
    previousLive = live;
  }

  // Link time per bucket; what the compute cannot hide stalls the step.
  if (!options.minimizePeak) {
    Buckets buckets(problem);
    std::vector<std::vector<std::pair<int, double>>> h2d(buckets.size()),
        d2h(buckets.size());
    // Copies fixed by the starting plan load the links all the same.
    std::vector<double> fixedH2d(buckets.size(), 0),
        fixedD2h(buckets.size(), 0);
    for (size_t index = 0; index < numTensors; ++index) {
      const Tensor &tensor = problem.tensors[index];
      const auto &tensorPoints = points.points[index];
      TensorVars &tv = vars[index];
      int start = tensor.isArgument ? 0 : tensor.producer + 1;
      if (tv.offload.column >= 0 || tv.offload.fixed > 0.5)
        buckets.spread(start, points.offloadEnd[index],
                       [&](unsigned b, double share) {
                         if (tv.offload.column >= 0)
                           d2h[b].push_back(
                               {tv.offload.column, share * tensor.bytes});
                         else
                           fixedD2h[b] += share * tensor.bytes;
                       });
      for (size_t k = 0; k < tensorPoints.size(); ++k) {
        const Var &prefetch = tv.prefetch[k];
        if (prefetch.column < 0 && prefetch.fixed < 0.5)
          continue;
        buckets.spread(windowStart(index, k), tensorPoints[k].step - 1,
                       [&](unsigned b, double share) {
                         if (prefetch.column >= 0)
                           h2d[b].push_back(
                               {prefetch.column, share * tensor.bytes});
                         else
                           fixedH2d[b] += share * tensor.bytes;
                       });
      }
    }
    for (unsigned b = 0; b < buckets.size(); ++b) {
      if (h2d[b].empty() && d2h[b].empty())
        continue;
      int stall = model.addColumn(0, 1e30, 1.0, false,
                                  "stall" + std::to_string(b));
      double capacity = buckets.compute(b) * kSecondsScale;
      auto addLinkRow = [&](llvm::ArrayRef<std::pair<int, double>> copies,
                            double bandwidth, double fixedBytes) {
        if (copies.empty() || bandwidth <= 0)
          return;
        int row = model.addEmptyRow(
            -1e30, capacity - fixedBytes / bandwidth * kSecondsScale);
        for (auto [column, bytes] : copies)
          model.addEntry(row, column, bytes / bandwidth * kSecondsScale);
        model.addEntry(row, stall, -1);
      };
      addLinkRow(h2d[b], problem.h2dBytesPerSecond, fixedH2d[b]);
      addLinkRow(d2h[b], problem.d2hBytesPerSecond, fixedD2h[b]);
      std::vector<std::pair<int, double>> both(h2d[b]);
      both.insert(both.end(), d2h[b].begin(), d2h[b].end());
      addLinkRow(both, problem.duplexBytesPerSecond,
                 fixedH2d[b] + fixedD2h[b]);
    }
    std::vector<std::pair<Var, double>> hostTerms;
    for (size_t index = 0; index < numTensors; ++index)
      if (vars[index].offload.column >= 0)
        hostTerms.push_back(
            {vars[index].offload, problem.tensors[index].bytes * kBytesScale});
    if (!hostTerms.empty())
      model.addRow(hostTerms, -1e30, problem.hostCapacity * kBytesScale);
  }

  report.numColumns = model.numColumns();
  report.numRows = model.numRows();
  report.numNonzeros = model.numNonzeros();

  OsiClpSolverInterface solver;
  solver.messageHandler()->setLogLevel(0);
  model.load(solver);
  // The root LP of a large model can outlast CBC's own limit: bound the
  // simplex too.
  solver.getModelPtr()->setMaximumSeconds(options.timeLimitSeconds);
  CbcModel cbc(solver);
  cbc.messageHandler()->setLogLevel(0);
  if (options.start) {
    std::vector<std::pair<std::string, double>> start;
    for (size_t index = 0; index < numTensors; ++index) {
      const TensorVars &tv = vars[index];
      const TensorPlan &tp = options.start->tensors[index];
      auto set = [&](const Var &var, double v) {
        if (var.column >= 0)
          start.push_back({model.name(var.column), v});
      };
      set(tv.offload, tp.offload);
      for (size_t k = 0; k < tv.present.size(); ++k) {
        set(tv.present[k], tp.present[k]);
        set(tv.recompute[k], tp.restore[k] == Restore::Recompute);
        set(tv.prefetch[k], tp.restore[k] == Restore::Prefetch);
        if (k < tv.kept.size())
          set(tv.kept[k], tp.kept[k]);
      }
    }
    cbc.setMIPStart(start);
  }
  CbcSolverUsefulData data;
  data.noPrinting_ = true;
  CbcMain0(cbc, data);
  std::string seconds = std::to_string(options.timeLimitSeconds);
  std::string gap = std::to_string(options.relativeGap);
  // CBC 2.10's preprocessing crashes in CglPreProcess::postProcess on some
  // of these models when the time limit stops it (seen on gpt2_small at
  // depth 3), and its cut generators have produced bounds above a known
  // feasible plan on them (gpt2_tiny, depth 6): both stay off.
  // STRATA_CBC_ARGS appends options, for experiments.
  std::vector<std::string> args = {"strata", "-log", "0", "-sec", seconds,
                                   "-ratio", gap, "-preprocess", "off",
                                   "-cuts", "off", "-timeMode", "elapsed"};
  if (const char *extra = getenv("STRATA_CBC_ARGS")) {
    llvm::SmallVector<llvm::StringRef> words;
    llvm::StringRef(extra).split(words, ' ', -1, false);
    for (llvm::StringRef word : words)
      args.push_back(word.str());
  }
  args.push_back("-solve");
  args.push_back("-quit");
  std::vector<const char *> argv;
  for (const std::string &arg : args)
    argv.push_back(arg.c_str());
  // CbcMain1 solves a copy of `cbc` and, without preprocessing, does not
  // always copy the incumbent back: take it from the copy as branch and
  // bound ends. The callback is a plain function, hence the static slot.
  static thread_local std::vector<double> *incumbent = nullptr;
  static thread_local double incumbentObjective = 0;
  std::vector<double> found;
  incumbent = &found;
  CbcMain1(argv.size(), argv.data(), cbc,
           [](CbcModel *solved, int whereFrom) {
             if ((whereFrom == 4 || whereFrom == 5) && solved->bestSolution()) {
               incumbent->assign(solved->bestSolution(),
                                 solved->bestSolution() +
                                     solved->getNumCols());
               incumbentObjective = solved->getObjValue();
             }
             return 0;
           },
           data);
  incumbent = nullptr;

  report.seconds = std::chrono::duration<double>(
                       std::chrono::steady_clock::now() - startTime)
                       .count();
  const double *solution = cbc.bestSolution();
  report.objective = cbc.getObjValue();
  if (!solution && found.size() == model.numColumns()) {
    solution = found.data();
    report.objective = incumbentObjective;
  }
  if (!solution) {
    report.status = cbc.isProvenInfeasible() ? "infeasible" : "no solution";
    return false;
  }
  report.bound = cbc.getBestPossibleObjValue();
  report.gap = std::abs(report.objective - report.bound) /
               std::max(std::abs(report.objective), 1e-9);
  if (report.objective - report.bound < 1e-6)
    report.gap = 0;
  report.status = cbc.isProvenOptimal() ? "optimal" : "time limit";

  plan.tensors.assign(numTensors, TensorPlan());
  for (size_t index = 0; index < numTensors; ++index) {
    const TensorVars &tv = vars[index];
    TensorPlan &tp = plan.tensors[index];
    auto bit = [&](const Var &var) { return value(var, solution) > 0.5; };
    tp.offload = bit(tv.offload);
    for (size_t k = 0; k < tv.present.size(); ++k) {
      tp.present.push_back(bit(tv.present[k]));
      tp.restore.push_back(bit(tv.recompute[k])   ? Restore::Recompute
                           : bit(tv.prefetch[k]) ? Restore::Prefetch
                                                 : Restore::None);
    }
    for (const Var &kept : tv.kept)
      tp.kept.push_back(bit(kept));
    tp.prefetchFrom.assign(tv.present.size(), -1);
    if (options.freeTensors && !(*options.freeTensors)[index])
      tp.prefetchFrom = options.start->tensors[index].prefetchFrom;
  }
  // The rows make every feasible solution a consistent plan; an incumbent
  // taken from the callback when the time limit cuts branch and bound
  // short has been seen to break them (a restore where the tensor is
  // absent, once in a loaded CI run). Such a solution is no solution.
  Evaluation check = evaluate(problem, points, plan);
  if (!check.consistent) {
    report.status = "no consistent solution";
    return false;
  }
  if (evaluated)
    *evaluated = std::move(check);
  return true;
}
