using System.CommandLine;
using System.Globalization;
using Patron.DuckDb;
using Patron.Learning.Data;
using Patron.Learning.Evaluation;
using Patron.Learning.Selection;
using Patron.Learning.Serialization;
using Patron.Learning.Tuning;
using Patron.Learning;
using Patron.Pipeline.Runs;

namespace Patron.Cli.Commands;

/// <summary><c>patron train</c>: trains a model on any table (bring your own features), prints cross-validated metrics
/// and, with <c>--test</c>, the metrics on a second file; can save the model, log an MLflow-layout run and register it.</summary>
internal static partial class TrainCommand
{
    private static readonly string[] ModelNames = ["lr", "gbdt", "rf", "auto"];

    public static Command Create()
    {
        var data = new Option<FileInfo>("--data") { Description = "Training table: CSV with a header line, or Parquet (read through DuckDB).", Required = true };
        var label = new Option<string>("--label") { Description = "Label column: 0/1 (or true/false) for binary, numbers for regression.", Required = true };
        var kind = new Option<string?>("--kind") { Description = "binary or regression (default: binary when every label is 0/1)." };
        var model = new Option<string>("--model") { Description = "lr, gbdt, rf or auto (auto cross-validates lr and gbdt and keeps the best).", DefaultValueFactory = _ => "auto" };
        var cv = new Option<int>("--cv") { Description = "Cross-validation folds (0 = none).", DefaultValueFactory = _ => 5 }.AtLeast(0);
        var test = new Option<FileInfo?>("--test") { Description = "A later or held-out table with the same columns to measure the final model on." };
        var json = new Option<FileInfo?>("--json") { Description = "Write the metrics as JSON to this file (keys such as roc_auc, pr_auc, rmse)." };
        var save = new Option<FileInfo?>("--save") { Description = "Save the trained model (versioned JSON with its feature schema)." };
        var id = new Option<string?>("--id") { Description = "Id column to leave out of the features." };
        var balance = new Option<string>("--balance") { Description = "Imbalance handling inside each training fold: none, weights (balanced class weights) or smote.", DefaultValueFactory = _ => "none" };
        var threshold = new Option<string>("--threshold") { Description = "Decision threshold for precision/recall/F1: a number, f1 (max F1 on the out-of-fold scores) or profit:COST:VALUE (max expected profit with a cost per contact and a value per success).", DefaultValueFactory = _ => "0.5" };
        var calibrate = new Option<string>("--calibrate") { Description = "Calibrate probabilities on the out-of-fold scores: none, platt or isotonic (stored inside the saved model).", DefaultValueFactory = _ => "none" };
        var tune = new Option<int>("--tune") { Description = "Tune each model's hyper-parameters first: successive halving over this many random candidates (0 = defaults).", DefaultValueFactory = _ => 0 };
        var seed = new Option<long>("--seed") { Description = "Seed of folds, sampling and learners.", DefaultValueFactory = _ => 0 };
        var runs = new Option<DirectoryInfo?>("--runs") { Description = "Log the run (params, metrics, curves, model) in MLflow's file-store layout under this folder." };
        var experiment = new Option<string>("--experiment") { Description = "Experiment name for --runs.", DefaultValueFactory = _ => "patron" };
        var register = new Option<string?>("--register") { Description = "Register the model as the current version of this task in --registry." };
        var registry = new Option<DirectoryInfo>("--registry") { Description = "Model registry folder.", DefaultValueFactory = _ => new DirectoryInfo("models") };

        var command = new Command("train", "Train a model on any table and report cross-validated and test metrics.")
        {
            data, label, kind, model, cv, test, json, save, id, balance, threshold, calibrate, tune, seed, runs, experiment, register, registry,
        };
        command.SetAction(parse =>
        {
            var request = new TrainRequest(
                parse.GetValue(data)!,
                parse.GetValue(label)!,
                ParseKind(parse.GetValue(kind)),
                ParseModel(parse.GetValue(model)!),
                parse.GetValue(cv),
                parse.GetValue(test),
                parse.GetValue(id),
                parse.GetValue(seed),
                ParseBalance(parse.GetValue(balance)!),
                parse.GetValue(threshold)!,
                parse.GetValue(calibrate)!,
                parse.GetValue(tune));
            var result = Train(request, Console.Error);
            Print(result);
            if (parse.GetValue(json) is { } jsonFile)
            {
                File.WriteAllText(jsonFile.FullName, ToJson(result));
            }

            if (parse.GetValue(save) is { } saveFile)
            {
                ModelSerializer.SaveFile(result.Model, saveFile.FullName);
                Console.Error.WriteLine($"model saved to {saveFile.FullName}");
            }

            string? runId = null;
            if (parse.GetValue(runs) is { } runDir)
            {
                runId = LogRun(new RunStore(runDir.FullName), parse.GetValue(experiment)!, request, result);
                Console.Error.WriteLine($"run {runId} logged under {runDir.FullName}");
            }

            if (parse.GetValue(register) is { } task)
            {
                var version = new ModelRegistry(parse.GetValue(registry)!.FullName)
                    .Register(task, result.Model, runId, result.Test ?? result.CrossValidated, makeCurrent: true);
                Console.Error.WriteLine($"registered {task} version {version} (current)");
            }

            return 0;
        });
        return command;
    }

    /// <summary>What to train.</summary>
    internal sealed record TrainRequest(FileInfo Data, string Label, TaskKind? Kind, string Model, int Folds, FileInfo? Test, string? Id, long Seed, IResampler? Balance = null, string Threshold = "0.5", string Calibrate = "none", int Tune = 0);

    /// <summary>What training produced.</summary>
    internal sealed record TrainResult(
        string ModelName,
        TaskKind Task,
        int Rows,
        int Features,
        IPredictor Model,
        MetricSet? CrossValidated,
        double[]? OutOfFold,
        double[] TrainLabels,
        MetricSet? Test,
        double[]? TestLabels,
        double[]? TestPredictions,
        IReadOnlyDictionary<string, MetricSet> Candidates,
        ParameterSet? Tuned = null);

    internal static TrainResult Train(TrainRequest request, TextWriter log)
    {
        log.WriteLine($"reading {request.Data.FullName}");
        var table = LabeledTable.ForTraining(ReadTable(request.Data), request.Label, request.Id, request.Kind);
        var task = table.Task!.Value;
        var y = table.Y!;
        log.WriteLine($"{table.X.RowCount:N0} rows, {table.X.ColumnCount} features, {(task == TaskKind.Binary ? "binary" : "regression")} label '{request.Label}'");

        if (request.Balance is not null && task != TaskKind.Binary)
        {
            throw new ArgumentException("--balance applies to binary labels only.");
        }

        var names = request.Model == "auto"
            ? (task == TaskKind.Binary ? new[] { "lr", "gbdt" } : ["gbdt"])
            : [request.Model];
        var tuned = new Dictionary<string, ParameterSet?>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            tuned[name] = request.Tune > 0 ? Tune(name, task, table.X, y, request, log) : null;
        }

        if (request.Folds < 2 && names.Length > 1)
        {
            throw new ArgumentException("--model auto needs cross-validation to choose (use --cv 2 or more, or name the model).");
        }

        // The candidate-evaluation engine without an out-of-time split: the cross-validation mean chooses, then the
        // chosen learner is refitted on every row (resampled like the folds' training parts when --balance asks).
        var learners = new List<ModelCandidate>(names.Length);
        foreach (var name in names)
        {
            learners.Add(ModelCandidate.ForLearner(name, name, CreateLearner(name, task, request.Seed, tuned[name])));
        }

        var problem = new SelectionProblem
        {
            Kind = task,
            PrimaryMetric = task == TaskKind.Binary ? "roc_auc" : "rmse",
            CrossValidationLabels = request.Folds >= 2 ? y : null,
            RefitLabels = y,
            Views = [new EvaluationView(null, null, table.X, table.X, null)],
        };
        var selection = new SelectionOptions { Folds = request.Folds, Seed = request.Seed, Resampler = request.Balance };
        var results = CandidateSelection.Evaluate(problem, learners, selection, new Progress.ImmediateProgress(log.WriteLine));
        var candidates = new Dictionary<string, MetricSet>(StringComparer.Ordinal);
        foreach (var result in results)
        {
            if (result.CrossValidation is { } mean)
            {
                candidates[result.Candidate.Name] = mean;
            }
        }

        var chosenResult = CandidateSelection.Choose(problem, results).Chosen;
        var chosen = chosenResult.Candidate.Name;
        var chosenCv = chosenResult.Folds;
        var decision = 0.5;
        if (task == TaskKind.Binary)
        {
            decision = ChooseThreshold(request.Threshold, y, chosenCv);
            if (chosenCv is not null && decision != 0.5)
            {
                chosenCv = chosenCv.AtThreshold(decision, y, []);
            }
        }

        log.WriteLine($"training {chosen} on all rows");
        var model = CandidateSelection.Refit(problem, chosenResult.Candidate, selection).Model!;
        model = Calibrate(request.Calibrate, model, y, chosenCv);
        MetricSet? testMetrics = null;
        double[]? testY = null;
        double[]? testPrediction = null;
        if (request.Test is not null)
        {
            log.WriteLine($"scoring {request.Test.FullName}");
            var testTable = LabeledTable.ForScoring(ReadTable(request.Test), model.Schema, request.Label, request.Id);
            testY = testTable.Y ?? throw new KeyNotFoundException($"The test table has no label column '{request.Label}'.");
            testPrediction = new double[testTable.X.RowCount];
            model.Predict(testTable.X, testPrediction);
            testMetrics = CrossValidation.Evaluate(task, testY, testPrediction, default, decision);
        }

        return new TrainResult(chosen, task, table.X.RowCount, table.X.ColumnCount, model, chosenCv?.Mean, chosenCv?.OutOfFold, y, testMetrics, testY, testPrediction, candidates, tuned[chosen]);
    }

    /// <summary>Reads a CSV table, or a Parquet file through DuckDB (exported to a temporary CSV so both formats go
    /// through the same text parsing and kind inference).</summary>
    internal static CsvTable ReadTable(FileInfo file)
    {
        if (!file.Exists)
        {
            throw new FileNotFoundException($"{file.FullName} does not exist.");
        }

        if (!file.Extension.Equals(".parquet", StringComparison.OrdinalIgnoreCase))
        {
            return CsvTable.ReadFile(file.FullName);
        }

        var temp = Path.Combine(Path.GetTempPath(), $"patron-{Guid.NewGuid():N}.csv");
        try
        {
            using (var connection = DuckDbConnection.OpenInMemory())
            {
                connection.Execute($"COPY (SELECT * FROM read_parquet({SqlString(file.FullName)})) TO {SqlString(temp)} (FORMAT csv, HEADER true)");
            }

            return CsvTable.ReadFile(temp);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private static string SqlString(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static TaskKind? ParseKind(string? text) => text switch
    {
        null => null,
        "binary" => TaskKind.Binary,
        "regression" => TaskKind.Regression,
        _ => throw new ArgumentException($"--kind must be binary or regression (got '{text}')."),
    };

    /// <summary>Wraps the final model in a calibrator fitted on the out-of-fold probabilities (never on rows the
    /// scoring model saw).</summary>
    private static IPredictor Calibrate(string method, IPredictor model, double[] y, CrossValidationResult? cv)
    {
        if (method == "none")
        {
            return model;
        }

        if (model.Task != TaskKind.Binary)
        {
            throw new ArgumentException("--calibrate applies to binary labels only.");
        }

        if (cv is null)
        {
            throw new ArgumentException("--calibrate fits on out-of-fold scores, so it needs --cv 2 or more.");
        }

        switch (method)
        {
            case "platt":
                var scores = new double[cv.OutOfFold.Length];
                for (var i = 0; i < scores.Length; i++)
                {
                    scores[i] = CalibratedModel.Score(cv.OutOfFold[i]);
                }

                return new CalibratedModel(model, PlattCalibrator.Fit(scores, y));
            case "isotonic":
                return new CalibratedModel(model, IsotonicCalibrator.Fit(cv.OutOfFold, y));
            default:
                throw new ArgumentException($"--calibrate must be none, platt or isotonic (got '{method}').");
        }
    }

    /// <summary>A fixed threshold, or one chosen on the out-of-fold scores by max F1 or max expected profit.</summary>
    private static double ChooseThreshold(string rule, double[] y, CrossValidationResult? cv)
    {
        if (double.TryParse(rule, NumberStyles.Float, CultureInfo.InvariantCulture, out var fixedValue))
        {
            return fixedValue is >= 0 and <= 1 ? fixedValue : throw new ArgumentException($"--threshold {rule} is outside [0, 1].");
        }

        if (cv is null)
        {
            throw new ArgumentException($"--threshold {rule} is chosen on out-of-fold scores, so it needs --cv 2 or more.");
        }

        if (rule == "f1")
        {
            return Thresholds.MaxF1(y, cv.OutOfFold).Threshold;
        }

        var parts = rule.Split(':');
        if (parts.Length == 3 && parts[0] == "profit"
            && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var cost)
            && double.TryParse(parts[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            return Thresholds.MaxProfit(y, cv.OutOfFold, cost, value).Threshold;
        }

        throw new ArgumentException($"--threshold must be a number, f1 or profit:COST:VALUE (got '{rule}').");
    }

    private static IResampler? ParseBalance(string text) => text switch
    {
        "none" => null,
        "weights" => new BalancedClassWeights(),
        "smote" => new Smote(),
        _ => throw new ArgumentException($"--balance must be none, weights or smote (got '{text}')."),
    };

    private static string ParseModel(string text) =>
        Array.IndexOf(ModelNames, text) >= 0 ? text : throw new ArgumentException($"--model must be one of {string.Join(", ", ModelNames)} (got '{text}').");
}
