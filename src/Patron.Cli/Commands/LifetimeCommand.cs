using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Patron.Features.Lifetime;
using Patron.Lifetime.Data;
using Patron.Lifetime.Evaluation;
using Patron.Lifetime.Models;
using Patron.Lifetime.Prediction;
using Patron.Pipeline.Report.Charts;
using Patron.Warehouse;

namespace Patron.Cli.Commands;

/// <summary><c>patron lifetime fit|predict|evaluate</c>: buy-till-you-die models on a summary CSV, a purchase log or the warehouse.</summary>
internal static class LifetimeCommand
{
    private const string ModelNames = "bgnbd, mbgnbd, pareto-nbd, bgbb or gamma-gamma";

    public static Command Create()
    {
        var command = new Command("lifetime", "Lifetime value models (BG/NBD, MBG/NBD, Pareto/NBD, BG/BB, Gamma-Gamma): fit, predict CET, P(alive) and CLV, evaluate on a holdout.");
        command.Subcommands.Add(FitCommand());
        command.Subcommands.Add(PredictCommand());
        command.Subcommands.Add(EvaluateCommand());
        return command;
    }

    private static Command FitCommand()
    {
        var source = new SourceOptions();
        var model = new Option<string>("--model") { Description = $"Model: {ModelNames}.", DefaultValueFactory = _ => "bgnbd" };
        var penalty = new Option<double>("--penalty") { Description = "L2 penalty on the parameters (0 = plain maximum likelihood).", DefaultValueFactory = _ => 0.0 };
        var json = JsonFileOption("Write the parameters, log_likelihood and standard errors as JSON to FILE (standard output without FILE).");
        var command = new Command("fit", "Fit a lifetime model by maximum likelihood and print its parameters with standard errors.") { model, penalty, json };
        source.AddTo(command);
        command.SetAction(parse =>
        {
            var name = parse.GetValue(model)!;
            var options = new FitOptions(Penalty: parse.GetValue(penalty));
            var quiet = parse.GetResult(json) is not null && string.IsNullOrEmpty(parse.GetValue(json));
            var (fit, extra) = Progress.Run(quiet, "lifetime fit", progress =>
            {
                if (name == "bgbb")
                {
                    progress.Report("reading the recency/frequency table");
                    var table = DiscreteSummary.ReadCsv(source.RequireSummaryFile(parse).FullName);
                    progress.Report($"fitting bgbb on {table.Count:N0} distinct histories");
                    return (BgBbFitter.Fit(table, options).Fit!, (double?)null);
                }

                var data = source.Load(parse, progress);
                progress.Report($"fitting {name} on {data.Summary.Count:N0} customers");
                if (name == "gamma-gamma")
                {
                    var spend = GammaGammaFitter.Fit(data.Summary, options);
                    return (spend.Fit!, spend.FrequencySpendCorrelation);
                }

                return (FitTransactionModel(name, data.Summary, options).Fit!, (double?)null);
            });
            var document = FitDocument(fit, extra, source.Unit(parse));
            WriteJson(parse, json, document);
            if (quiet)
            {
                return 0;
            }

            var rows = new List<IReadOnlyList<object?>>();
            for (var i = 0; i < fit.ParameterNames.Count; i++)
            {
                rows.Add([fit.ParameterNames[i], fit.Parameters[i], fit.StandardErrors[i]]);
            }

            Output.WriteTable(fit.Model, ["parameter", "estimate", "std. error"], rows);
            Console.WriteLine($"log-likelihood {Format(fit.LogLikelihood)}, {fit.Customers:N0} customers ({fit.DistinctRows:N0} distinct rows), {fit.Iterations} iterations");
            if (extra is { } correlation)
            {
                Console.WriteLine($"frequency-spend correlation: {Format(correlation)} (the Gamma-Gamma model assumes 0{(Math.Abs(correlation) > 0.3 ? "; this is far from 0, treat spend predictions with care" : "")})");
            }

            return 0;
        });
        return command;
    }

    private static Command PredictCommand()
    {
        var source = new SourceOptions();
        var model = new Option<string>("--model") { Description = "Purchase model: bgnbd, mbgnbd or pareto-nbd.", DefaultValueFactory = _ => "bgnbd" };
        var horizon = new Option<double?>("--horizon") { Description = "Prediction horizon in the time unit (default: 52 weeks or 365 days)." };
        var discount = new Option<double>("--discount-rate") { Description = "Annual discount rate for CLV, applied monthly (0.1 = 10 %).", DefaultValueFactory = _ => 0.1 };
        var output = new Option<FileInfo?>("--out") { Description = "Write one row per customer (CET, P(alive), churn score, expected spend, CLV) to this CSV." };
        var noSpend = new Option<bool>("--no-spend") { Description = "Skip the Gamma-Gamma spend model (no CLV columns)." };
        var command = new Command("predict", "Per-customer expected purchases (CET), P(alive), churn score and CLV over a horizon.") { model, horizon, discount, output, noSpend };
        source.AddTo(command);
        command.SetAction(parse =>
        {
            var data = Progress.Run(false, "lifetime predict", progress => source.Load(parse, progress));
            var summary = data.Summary;
            var h = parse.GetValue(horizon) ?? (summary.Unit == TimeUnit.Weeks ? 52.0 : 365.0);
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(h, "--horizon");
            var transactions = FitTransactionModel(parse.GetValue(model)!, summary, FitOptions.Default);
            var spend = !parse.GetValue(noSpend) && summary.MeanRepeatSpend is not null ? GammaGammaFitter.Fit(summary) : null;
            var columns = LifetimeFeatures.Compute(summary, transactions, spend, [h], parse.GetValue(discount));
            if (parse.GetValue(output) is { } file)
            {
                WriteCsv(file.FullName, summary, columns);
                Console.Error.WriteLine($"{summary.Count:N0} customers written to {file.FullName}");
            }

            var rows = new List<IReadOnlyList<object?>>();
            foreach (var (name, values) in columns)
            {
                double sum = 0.0;
                foreach (var v in values)
                {
                    sum += v;
                }

                rows.Add([name, sum / values.Length, name.StartsWith("expected_purchases", StringComparison.Ordinal) || name.StartsWith("expected_clv", StringComparison.Ordinal) ? sum : null]);
            }

            Output.WriteTable($"{transactions.Name}{(spend is null ? "" : " + gamma-gamma")}, horizon {Format(h)} {UnitName(summary.Unit)}, {summary.Count:N0} customers", ["column", "mean", "total"], rows);
            return 0;
        });
        return command;
    }

    private static Command EvaluateCommand()
    {
        var source = new SourceOptions();
        var model = new Option<string>("--model") { Description = "Purchase model: bgnbd, mbgnbd or pareto-nbd.", DefaultValueFactory = _ => "bgnbd" };
        var charts = new Option<DirectoryInfo?>("--charts") { Description = "Write tracking.svg, holdout_by_frequency.svg and p_alive_heatmap.svg into this folder." };
        var json = JsonFileOption("Write the comparison as JSON to FILE (standard output without FILE).");
        var command = new Command("evaluate", "Compare expected with actual holdout purchases by calibration frequency (0..7+), with diagnostic charts.") { model, charts, json };
        source.AddTo(command);
        command.SetAction(parse =>
        {
            var quiet = parse.GetResult(json) is not null && string.IsNullOrEmpty(parse.GetValue(json));
            var data = Progress.Run(quiet, "lifetime evaluate", progress => source.Load(parse, progress));
            var summary = data.Summary;
            var fitted = FitTransactionModel(parse.GetValue(model)!, summary, FitOptions.Default);
            var comparison = HoldoutComparison.Compute(fitted, summary);
            WriteJson(parse, json, comparison);
            if (parse.GetValue(charts) is { } dir)
            {
                dir.Create();
                var maxAge = 0.0;
                var maxX = 0;
                foreach (var t in summary.Age)
                {
                    maxAge = Math.Max(maxAge, t);
                }

                foreach (var x in summary.Frequency)
                {
                    maxX = Math.Max(maxX, x);
                }

                var step = summary.Unit == TimeUnit.Weeks ? 1.0 : 7.0;
                var curve = TrackingCurve.Compute(fitted, summary, maxAge + comparison.HoldoutLength, step, data.Log, data.Cutoff);
                File.WriteAllText(Path.Combine(dir.FullName, "tracking.svg"), LifetimeCharts.Tracking(curve, UnitName(summary.Unit)));
                File.WriteAllText(Path.Combine(dir.FullName, "holdout_by_frequency.svg"), LifetimeCharts.HoldoutByFrequency(comparison));
                File.WriteAllText(Path.Combine(dir.FullName, "p_alive_heatmap.svg"), LifetimeCharts.AliveHeatmap(fitted, maxAge, Math.Min(maxX, 20), 20, UnitName(summary.Unit)));
            }

            if (quiet)
            {
                return 0;
            }

            var rows = new List<IReadOnlyList<object?>>();
            foreach (var b in comparison.Buckets)
            {
                rows.Add([b.Label, b.Customers, b.ActualMean, b.ExpectedMean]);
            }

            Output.WriteTable($"{fitted.Name}: holdout of {Format(comparison.HoldoutLength)} {UnitName(summary.Unit)}", ["x (calibration)", "customers", "actual mean", "expected mean"], rows);
            Console.WriteLine($"total actual {Format(comparison.ActualTotal)}, expected {Format(comparison.ExpectedTotal)}; MAE {Format(comparison.MeanAbsoluteError)}, RMSE {Format(comparison.RootMeanSquaredError)}, correlation {Format(comparison.Correlation)}");
            if (parse.GetValue(charts) is { } written)
            {
                Console.WriteLine($"charts: {written.FullName}");
            }

            return 0;
        });
        return command;
    }

    internal static ITransactionModel FitTransactionModel(string name, CustomerSummary summary, FitOptions options) => name switch
    {
        "bgnbd" => BgNbdFitter.Fit(summary, modified: false, options),
        "mbgnbd" => BgNbdFitter.Fit(summary, modified: true, options),
        "pareto-nbd" => ParetoNbdFitter.Fit(summary, options),
        _ => throw new ArgumentException($"--model '{name}' is not a purchase model here: expected bgnbd, mbgnbd or pareto-nbd (fit also takes bgbb and gamma-gamma)."),
    };

    private static Dictionary<string, object?> FitDocument(ModelFit fit, double? correlation, TimeUnit unit)
    {
        var parameters = new Dictionary<string, double>(StringComparer.Ordinal);
        var errors = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var i = 0; i < fit.ParameterNames.Count; i++)
        {
            parameters[fit.ParameterNames[i]] = fit.Parameters[i];
            errors[fit.ParameterNames[i]] = fit.StandardErrors[i];
        }

        var document = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["model"] = fit.Model,
            ["unit"] = fit.Model == "bgbb" ? "opportunities" : UnitName(unit),
            ["parameters"] = parameters,
            ["standard_errors"] = errors,
            ["log_likelihood"] = fit.LogLikelihood,
            ["customers"] = fit.Customers,
            ["distinct_rows"] = fit.DistinctRows,
            ["iterations"] = fit.Iterations,
            ["converged"] = fit.Converged,
        };
        if (correlation is { } rho)
        {
            document["frequency_spend_correlation"] = rho;
        }

        return document;
    }

    private static Option<string?> JsonFileOption(string description) => new("--json") { Description = description, Arity = ArgumentArity.ZeroOrOne };

    private static void WriteJson<T>(ParseResult parse, Option<string?> json, T document)
    {
        if (parse.GetResult(json) is null)
        {
            return;
        }

        var file = parse.GetValue(json);
        if (string.IsNullOrEmpty(file))
        {
            Output.WriteJson(document);
        }
        else
        {
            File.WriteAllText(file, JsonSerializer.Serialize(document, Output.JsonOptions) + "\n");
        }
    }

    private static void WriteCsv(string path, CustomerSummary summary, IReadOnlyList<KeyValuePair<string, double[]>> columns)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
        var header = new StringBuilder("customer_id,frequency,recency,T");
        foreach (var (name, _) in columns)
        {
            header.Append(',').Append(name);
        }

        writer.Write(header.Append('\n').ToString());
        var line = new StringBuilder();
        for (var i = 0; i < summary.Count; i++)
        {
            line.Clear();
            line.Append(summary.CustomerIds[i]).Append(',').Append(summary.Frequency[i].ToString(CultureInfo.InvariantCulture))
                .Append(',').Append(summary.Recency[i].ToString("R", CultureInfo.InvariantCulture))
                .Append(',').Append(summary.Age[i].ToString("R", CultureInfo.InvariantCulture));
            foreach (var (_, values) in columns)
            {
                line.Append(',').Append(values[i].ToString("G10", CultureInfo.InvariantCulture));
            }

            writer.Write(line.Append('\n').ToString());
        }
    }

    private static string UnitName(TimeUnit unit) => unit == TimeUnit.Weeks ? "weeks" : "days";

    private static string Format(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    /// <summary>Where the calibration summary comes from: a summary CSV, a purchase-log CSV or the warehouse.</summary>
    private sealed class SourceOptions
    {
        private readonly Option<FileInfo?> _summary = new("--summary") { Description = "Summary CSV (ID, frequency|x, recency|t_x, T, optional zbar|monetary_value and holdout columns); for bgbb: frequency, recency, periods, weights." };
        private readonly Option<FileInfo?> _transactions = new("--transactions") { Description = "Purchase log CSV (customer_id, date, amount) or a CDNOW .txt log; needs --cutoff." };
        private readonly Option<FileInfo> _db = CommonOptions.Database();
        private readonly Option<string?> _cutoff = new("--cutoff") { Description = "Last calibration day (yyyy-MM-dd, inclusive), for --transactions or the warehouse." };
        private readonly Option<string?> _holdoutEnd = new("--holdout-end") { Description = "Last holdout day (yyyy-MM-dd, inclusive)." };
        private readonly Option<double?> _holdoutLength = new("--holdout-length") { Description = "Holdout length in the time unit, for a summary CSV with holdout columns." };
        private readonly Option<string> _unit = new("--unit") { Description = "Time unit: days or weeks (a summary CSV's unit; the CDNOW files use weeks).", DefaultValueFactory = _ => "weeks" };

        public void AddTo(Command command)
        {
            command.Options.Add(_summary);
            command.Options.Add(_transactions);
            command.Options.Add(_db);
            command.Options.Add(_cutoff);
            command.Options.Add(_holdoutEnd);
            command.Options.Add(_holdoutLength);
            command.Options.Add(_unit);
        }

        public TimeUnit Unit(ParseResult parse) => TimeUnitExtensions.Parse(parse.GetValue(_unit)!);

        public FileInfo RequireSummaryFile(ParseResult parse) =>
            parse.GetValue(_summary) ?? throw new ArgumentException("bgbb needs --summary with a recency/frequency table (frequency, recency, periods, weights).");

        public LoadedData Load(ParseResult parse, IProgress<string> progress)
        {
            var unit = Unit(parse);
            var holdoutLength = parse.GetValue(_holdoutLength) ?? double.NaN;
            if (parse.GetValue(_summary) is { } summaryFile)
            {
                progress.Report($"reading {summaryFile.Name}");
                return new LoadedData(CustomerSummaryCsv.Read(RequireFile(summaryFile), unit, holdoutLength), null, null);
            }

            var cutoff = ParseDate(parse.GetValue(_cutoff), "--cutoff")
                ?? throw new ArgumentException("--cutoff is required with --transactions or the warehouse (or give --summary FILE).");
            var holdoutEnd = ParseDate(parse.GetValue(_holdoutEnd), "--holdout-end");
            if (parse.GetValue(_transactions) is { } logFile)
            {
                progress.Report($"reading {logFile.Name}");
                var path = RequireFile(logFile);
                var log = path.EndsWith(".txt", StringComparison.OrdinalIgnoreCase) ? TransactionLog.ReadCdnow(path) : TransactionLog.ReadCsv(path);
                progress.Report($"summarising {log.Count:N0} purchases at {cutoff:yyyy-MM-dd}");
                return new LoadedData(CustomerSummaryBuilder.Build(log, cutoff, holdoutEnd, unit), log, cutoff);
            }

            var db = parse.GetValue(_db)!;
            progress.Report($"summarising the warehouse {db.Name} at {cutoff:yyyy-MM-dd}");
            using var connection = WarehouseFile.Open(RequireFile(db), readOnly: true);
            // --cutoff and --holdout-end name the last days (as in the literature and the purchase-log path); the warehouse
            // query takes the feature store's exclusive cutoffs, the days after them.
            var summary = LifetimeSummaryQuery.Run(connection, cutoff.AddDays(1), holdoutEnd?.AddDays(1), unit);
            var purchases = LifetimeSummaryQuery.PurchaseDays(connection, holdoutEnd ?? cutoff);
            return new LoadedData(summary, purchases, cutoff);
        }

        private static string RequireFile(FileInfo file) =>
            file.Exists ? file.FullName : throw new FileNotFoundException($"{file.FullName} does not exist.");

        private static DateOnly? ParseDate(string? text, string option)
        {
            if (string.IsNullOrEmpty(text))
            {
                return null;
            }

            return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                ? date
                : throw new FormatException($"{option} '{text}' is not a date (yyyy-MM-dd).");
        }
    }

    private sealed record LoadedData(CustomerSummary Summary, TransactionLog? Log, DateOnly? Cutoff);
}
