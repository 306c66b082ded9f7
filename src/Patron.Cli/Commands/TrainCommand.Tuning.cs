using Patron.Learning;
using Patron.Learning.Boosting;
using Patron.Learning.Data;
using Patron.Learning.Forest;
using Patron.Learning.Linear;
using Patron.Learning.Tuning;

namespace Patron.Cli.Commands;

/// <summary>The learners <c>patron train</c> offers, their search spaces for <c>--tune</c>, and the tuning step.</summary>
internal static partial class TrainCommand
{
    internal static ILearner<IPredictor> CreateLearner(string name, TaskKind task, long seed, ParameterSet? p = null) => name switch
    {
        "lr" when task == TaskKind.Binary => new LogisticRegressionLearner(p is null
            ? new LogisticRegressionOptions { Seed = unchecked((int)seed) }
            : new LogisticRegressionOptions { Seed = unchecked((int)seed), C = p.GetDouble("c"), L1Ratio = p.GetDouble("l1_ratio") }),
        "lr" => throw new ArgumentException("--model lr fits binary labels only; use --model gbdt for regression."),
        "gbdt" => new GradientBoostingLearner(p is null
            ? new GradientBoostingOptions { Loss = BoostingLoss(task), Seed = seed }
            : new GradientBoostingOptions
            {
                Loss = BoostingLoss(task),
                Seed = seed,
                LearningRate = p.GetDouble("learning_rate"),
                MaxDepth = p.GetInt("max_depth"),
                MinChildWeight = p.GetDouble("min_child_weight"),
                Lambda = p.GetDouble("lambda"),
                RowSample = p.GetDouble("row_sample"),
                ColumnSample = p.GetDouble("column_sample"),
            }),
        "rf" => new RandomForestLearner(p is null
            ? new RandomForestOptions { Task = task, Seed = seed }
            : new RandomForestOptions { Task = task, Seed = seed, MaxDepth = p.GetInt("max_depth"), FeatureFraction = p.GetDouble("feature_fraction"), MinSamplesLeaf = p.GetInt("min_samples_leaf") }),
        _ => throw new ArgumentException($"Unknown model '{name}' (expected {string.Join(", ", ModelNames)})."),
    };

    /// <summary>The declared search space of each model.</summary>
    internal static ParameterSpace Space(string name) => name switch
    {
        "lr" => new ParameterSpace()
            .Add(new LogUniformParameter("c", 1e-3, 1e2))
            .Add(new UniformParameter("l1_ratio", 0, 1)),
        "gbdt" => new ParameterSpace()
            .Add(new LogUniformParameter("learning_rate", 0.02, 0.3))
            .Add(new IntegerParameter("max_depth", 3, 8))
            .Add(new LogUniformParameter("min_child_weight", 1, 50))
            .Add(new LogUniformParameter("lambda", 0.1, 10))
            .Add(new UniformParameter("row_sample", 0.6, 1))
            .Add(new UniformParameter("column_sample", 0.6, 1)),
        "rf" => new ParameterSpace()
            .Add(new IntegerParameter("max_depth", 4, 16))
            .Add(new UniformParameter("feature_fraction", 0.3, 1))
            .Add(new IntegerParameter("min_samples_leaf", 1, 20)),
        _ => throw new ArgumentException($"Unknown model '{name}'."),
    };

    private static ParameterSet Tune(string name, TaskKind task, FeatureMatrix x, double[] y, TrainRequest request, TextWriter log)
    {
        var metric = task == TaskKind.Binary ? "roc_auc" : "rmse";
        log.WriteLine($"tuning {name}: successive halving over {request.Tune} candidates by {metric}");
        var result = SuccessiveHalving.Run(p => CreateLearner(name, task, request.Seed, p), Space(name), x, y, [], new TuningOptions
        {
            Metric = metric,
            Candidates = request.Tune,
            Folds = Math.Clamp(request.Folds, 2, 3),
            Seed = request.Seed,
            Resampler = request.Balance,
        });
        log.WriteLine($"best {name}: {result.Best.Parameters} ({metric} {result.Best.Score:0.####} on {result.Best.Rows:N0} rows)");
        return result.Best.Parameters;
    }

    private static BoostingLoss BoostingLoss(TaskKind task) =>
        task == TaskKind.Binary ? Learning.Boosting.BoostingLoss.LogLoss : Learning.Boosting.BoostingLoss.SquaredError;
}
